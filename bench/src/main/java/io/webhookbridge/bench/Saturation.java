package io.webhookbridge.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.webhookbridge.bench.Log.log;

/** The saturation phase: wrk with one thread cycling through pre-signed unique webhooks, after a warm-up of its own. */
final class Saturation {

    private static final Pattern RESULT = Pattern.compile("BENCH requests=(\\d+) duration_us=(\\d+) accepted=(\\d+) duplicate=(\\d+) other=(\\d+) "
            + "wraps=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) status=(\\d+) timeout=(\\d+) p50_us=(\\d+) p99_us=(\\d+)");

    private final LoadShape load;
    private final String secret;
    private final Path work;

    Saturation(LoadShape load, String secret, Path work) {
        this.load = load;
        this.secret = secret;
        this.work = work;
    }

    /**
     * Pre-signs n unique webhooks for wrk, one per line: path TAB authorization (empty for SMS API) TAB body; adds their
     * keys to keys unless it is null.
     */
    Path writeWrkFile(int n, Set<String> keys) throws IOException {
        long t0 = System.nanoTime();
        Webhooks gen = new Webhooks(secret, System.nanoTime() ^ 0x5DEECE66DL);
        Path file = work.resolve("wrk-" + n + "-" + System.nanoTime() + ".tsv");
        try (var out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < n; i++) {
                Webhooks.Webhook h = gen.next();
                if (keys != null) {
                    keys.add(h.key());
                }
                String authorization = h.authorization() == null ? "" : h.authorization();
                out.write((h.path() + "\t" + authorization + "\t").getBytes(StandardCharsets.US_ASCII));
                out.write(h.body());
                out.write('\n');
            }
        }
        log(String.format(Locale.ROOT, "signed %d webhooks for wrk in %.1f s (%d MB)", n, (System.nanoTime() - t0) / 1e9,
                Files.size(file) >> 20));
        return file;
    }

    /**
     * wrk's warm-up of a server before its measured saturation run: the latency phases leave the JIT compiled for the
     * open-loop generator's traffic, and without this the measured run pays for re-compiling it. Returns the webhooks
     * answered 200 accepted; they are not counted in req/s.
     */
    long warmUp(Measure m, int port, Path file) throws IOException, InterruptedException {
        if (load.wrkWarmSeconds <= 0) {
            return 0;
        }
        Matcher mm = wrk(m.name + " warm-up", port, file, load.wrkWarmSeconds);
        if (mm == null) {
            return 0;
        }
        long accepted = Long.parseLong(mm.group(3));
        long other = Long.parseLong(mm.group(5));
        long socketErrors = socketErrors(mm);
        log(String.format(Locale.ROOT, "  warm-up: %d accepted, %s duplicate, %d other status, %d socket errors/timeouts",
                accepted, mm.group(4), other, socketErrors));
        if (other > 0 || socketErrors > 0) {
            Problems.problem(m.name + " saturation warm-up: " + other + " non-200 answers, " + socketErrors + " socket errors/timeouts");
        }
        return accepted;
    }

    /** The measured run; deletes file after it. */
    void saturate(Measure m, int port, Path file) throws IOException, InterruptedException {
        Matcher mm = wrk(m.name, port, file, load.wrkSeconds);
        if (mm == null) {
            return;
        }
        m.satRequests = Long.parseLong(mm.group(1));
        m.satDurationS = Long.parseLong(mm.group(2)) / 1e6;
        m.satAccepted = Long.parseLong(mm.group(3));
        m.satDuplicate = Long.parseLong(mm.group(4));
        m.satOther = Long.parseLong(mm.group(5));
        m.satWraps = Long.parseLong(mm.group(6));
        m.satSocketErrors = socketErrors(mm);
        m.satP50Ms = Long.parseLong(mm.group(12)) / 1e3;
        m.satP99Ms = Long.parseLong(mm.group(13)) / 1e3;
        long ok = m.isBridge() ? m.satAccepted : m.satAccepted + m.satDuplicate;
        m.satRps = ok / m.satDurationS;
        log(String.format(Locale.ROOT, "  %.0f req/s with 200 (%d accepted, %d duplicate, %d other status, %d socket errors/timeouts)",
                m.satRps, m.satAccepted, m.satDuplicate, m.satOther, m.satSocketErrors));
        if (m.satOther > 0 || m.satSocketErrors > 0) {
            Problems.problem(m.name + " saturation: " + m.satOther + " non-200 answers, " + m.satSocketErrors
                    + " socket errors/timeouts");
        }
        if (m.isBridge() && m.satDuplicate > 0) {
            Problems.note("the saturation phase ran past its " + load.wrkUniqueBridge + " unique webhooks: " + m.satDuplicate
                    + " repeats were answered \"duplicate\" and are not counted in req/s");
        }
        Files.deleteIfExists(file);
    }

    /** Runs wrk for seconds, cycling through the pre-signed webhooks of file; returns its result line, or null. */
    private Matcher wrk(String name, int port, Path file, int seconds) throws IOException, InterruptedException {
        Path lua = work.resolve("saturate.lua");
        try (InputStream in = Saturation.class.getResourceAsStream("/bench/saturate.lua")) {
            Files.copy(in, lua, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = List.of("wrk", "-t1", "-c" + load.wrkConnections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + "/", "--", file.toString());
        log(name + ": " + String.join(" ", cmd));
        Process p = Processes.start(new ProcessBuilder(cmd).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Matcher mm = RESULT.matcher(out);
        if (!mm.find()) {
            Problems.problem(name + ": could not read wrk's output: " + out);
            return null;
        }
        return mm;
    }

    /** wrk's connect, read, write and timeout errors (not its non-2xx count, which is "other" here). */
    private static long socketErrors(Matcher wrkResult) {
        return Long.parseLong(wrkResult.group(7)) + Long.parseLong(wrkResult.group(8)) + Long.parseLong(wrkResult.group(9))
                + Long.parseLong(wrkResult.group(11));
    }
}
