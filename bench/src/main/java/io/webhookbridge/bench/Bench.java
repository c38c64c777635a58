package io.webhookbridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * The benchmark: baseline (bare Camel platform-http) and the bridge, measured in one invocation on this machine.
 * Started by bench/run.sh; see docs/benchmarks.md. Options: --smoke (seconds of load, exits non-zero on any
 * non-2xx, error, lost or duplicated event), --jfr (records the bridge with JFR and prints its hottest frames),
 * --profile (async-profiler on the bridge during the saturation phase, kernel frames included: bench/target/profile.txt),
 * --root DIR (repository root, default .), --no-doc.
 */
public final class Bench {

    private static final SplittableRandom PORTS = new SplittableRandom();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    static final List<Process> STARTED = new CopyOnWriteArrayList<>();
    static final List<String> PROBLEMS = new ArrayList<>();
    static final List<String> NOTES = new ArrayList<>();

    boolean smoke;
    boolean jfr;
    boolean profile;
    boolean writeDoc = true;
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path work;
    String command;
    final String secret = "bench-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    final String brokerPassword = "bench-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    // load shape
    double[] rates;
    double phaseSeconds;
    double phaseWarmup;
    double warmupRate;
    double warmupSeconds;
    int wrkSeconds;
    int wrkConnections = 64;
    int wrkUniqueBridge;
    /** wrk's own warm-up before the measured saturation run, with other unique webhooks (0: none). */
    int wrkWarmSeconds;
    int wrkWarmUniqueBridge;
    static final double TARGET_RATE = 2000;

    /** What was measured for one server. */
    static final class Measure {
        String name;
        long readyMs = -1;
        double satRps;
        long satAccepted;
        long satDuplicate;
        long satOther;
        long satSocketErrors;
        long satRequests;
        long satWraps;
        double satDurationS;
        double satP50Ms;
        double satP99Ms;
        final Map<Double, OpenLoop.Result> latency = new LinkedHashMap<>();
        long rssMaxKb;
        long hwmKb;
        // bridge only
        double e2eP50Ms = -1;
        double e2eP99Ms = -1;
        double e2eMaxMs = -1;
        long e2eCount;
        long expected;
        long missing;
        long duplicated;
        long unexpected;
        long wrkAccepted;
        long wrkArrived;
        long dlq = -1;
        double drainSeconds;
        double deliveryRate;
        long pending = -1;
        long arrivedUnanswered;
        String queueDepths = "";
        String cpuSplit;
        String logSummary;
        String jfrTop;
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench();
        List<String> a = List.of(args);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> b.smoke = true;
                case "--jfr" -> b.jfr = true;
                // The profiler slows the bridge: its figures must not become docs/benchmarks.md.
                case "--profile" -> {
                    b.profile = true;
                    b.writeDoc = false;
                }
                case "--no-doc" -> b.writeDoc = false;
                case "--root" -> b.root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.command = "bench/run.sh" + (a.isEmpty() ? "" : " " + String.join(" ", a));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(p -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        })));
        int rc;
        try {
            rc = b.run();
        } finally {
            for (Process p : STARTED) {
                stop(p);
            }
        }
        System.exit(rc);
    }

    int run() throws Exception {
        if (smoke) {
            rates = new double[] {200, 500};
            phaseSeconds = 1.5;
            phaseWarmup = 0.3;
            warmupRate = 200;
            warmupSeconds = 0.5;
            wrkSeconds = 1;
            wrkUniqueBridge = 30_000;
            wrkWarmSeconds = 0;
        } else {
            rates = new double[] {500, 2000, 5000};
            phaseSeconds = 10;
            phaseWarmup = 2;
            warmupRate = 2000;
            warmupSeconds = 6;
            wrkSeconds = 10;
            wrkUniqueBridge = 200_000;
            wrkWarmSeconds = 5;
            wrkWarmUniqueBridge = 100_000;
        }
        work = Files.createTempDirectory("webhook-bridge-bench-");
        log("work dir " + work + (smoke ? " (smoke)" : ""));
        Path jar = waitForJar(root.resolve("target/webhook-bridge.jar"), smoke ? 120 : 300);
        String machine = machine();
        String loadStart = loadavg();
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

        Measure base = runBaseline();
        Measure bridge = runBridge(jar);

        machine += "load average (1/5/15 min) at start: " + loadStart + "; at end: " + loadavg()
                + " (2 cores: anything above ~2 means other work competed for the CPU)\n";
        String table = table(base, bridge);
        System.out.println();
        System.out.println(table);
        if (!NOTES.isEmpty()) {
            System.out.println("NOTES:");
            NOTES.forEach(p -> System.out.println("  - " + p));
        }
        if (!PROBLEMS.isEmpty()) {
            System.out.println("PROBLEMS:");
            PROBLEMS.forEach(p -> System.out.println("  - " + p));
        }
        if (writeDoc && !smoke) {
            writeDoc(machine, date, table, base, bridge);
        }
        if (PROBLEMS.isEmpty()) {
            deleteTree(work);
        } else {
            log("kept " + work + " for inspection; bridge log also in bench/target/bridge-last.log");
        }
        return PROBLEMS.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------------------
    // baseline

    Measure runBaseline() throws Exception {
        Measure m = new Measure();
        m.name = "baseline";
        int port = freePort();
        String cp = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-cp", cp, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                BaselineServer.class.getName(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(work.resolve("baseline.log").toFile());
        log("baseline: starting bare Camel platform-http on port " + port);
        long t0 = System.nanoTime();
        Process p = start(pb);
        if (!waitReady(p, URI.create("http://127.0.0.1:" + port + Webhooks.INBOUND_PATH), true, 60)) {
            PROBLEMS.add("baseline server did not start: see " + work.resolve("baseline.log"));
            stop(p);
            return m;
        }
        m.readyMs = (System.nanoTime() - t0) / 1_000_000;
        RssSampler rss = new RssSampler(p.pid());
        openLoopPhases(m, port, null);
        Path file = writeWrkFile(smoke ? 10_000 : 50_000);
        warmUpSaturation(m, port, file);
        saturate(m, port, file);
        rss.stop(m);
        stop(p);
        return m;
    }

    // ------------------------------------------------------------------------------------------------------------
    // bridge

    Measure runBridge(Path jarSource) throws Exception {
        Measure m = new Measure();
        m.name = "bridge";
        Path dir = work.resolve("bridge");
        Files.createDirectories(dir);
        copyTree(root.resolve("config"), dir.resolve("config"));
        copyTree(root.resolve("routes"), dir.resolve("routes"));
        // The README's layout and command: target/webhook-bridge.jar with its class-data archive (copied with their
        // timestamps, which the JVM checks before it uses the archive), config/jvm.options.
        Files.createDirectories(dir.resolve("target"));
        Files.copy(jarSource, dir.resolve("target/webhook-bridge.jar"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        Path archive = jarSource.resolveSibling("webhook-bridge.jsa");
        if (Files.exists(archive)) {
            Files.copy(archive, dir.resolve("target/webhook-bridge.jsa"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        } else {
            NOTES.add("target/webhook-bridge.jsa is missing (built with -Dwarm-up.skip?): the bridge started without its class-data archive");
        }
        int http = freePort();
        int mgmt = freePort();
        int broker = freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        String extra = System.getenv("BENCH_BRIDGE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        Path jfrFile = dir.resolve("bridge.jfr");
        if (jfr) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
        }
        cmd.addAll(List.of("@config/jvm.options", "-jar", "target/webhook-bridge.jar"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bridge.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("VONAGE_SIGNATURE_SECRET", secret);
        env.put("BRIDGE_HTTP_PORT", String.valueOf(http));
        env.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(mgmt));
        env.put("BRIDGE_MANAGEMENT_HOST", "127.0.0.1");
        env.put("BRIDGE_BROKER_PORT", String.valueOf(broker));
        // The port needs a user; read rights are enough to consume the targets and browse the other queues.
        env.put("BRIDGE_BROKER_USER", "bench");
        env.put("BRIDGE_BROKER_PASSWORD", brokerPassword);
        env.put("BRIDGE_BROKER_USER_ROLE", "read");
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        log("bridge: " + String.join(" ", cmd) + " (in " + dir + ", http " + http + ", management " + mgmt
                + ", broker " + broker + ")");
        long t0 = System.nanoTime();
        Process p = start(pb);
        if (!waitReady(p, URI.create("http://127.0.0.1:" + mgmt + "/observe/health/ready"), false, 60)
                || !waitListening(p, http, 10)) {
            PROBLEMS.add("bridge did not become ready within 60 s: see " + dir.resolve("bridge.log"));
            m.logSummary = logSummary(dir.resolve("bridge.log"));
            stop(p);
            return m;
        }
        m.readyMs = (System.nanoTime() - t0) / 1_000_000;
        log("bridge ready in " + m.readyMs + " ms");
        Thread.sleep(300);
        if (!waitListening(p, http, 1)) {
            PROBLEMS.add("the bridge answered ready, then stopped listening on its webhook port (see bench/target/bridge-last.log)");
        }
        RssSampler rss = new RssSampler(p.pid());
        try (TargetConsumer consumer = new TargetConsumer(broker, "bench", brokerPassword, "vonage.inbound", "vonage.status")) {
            Map<String, Long> intendedByKey = new HashMap<>();
            Map<String, Double> rateByKey = new HashMap<>();
            Set<String> sentNotAccepted = new HashSet<>();
            openLoopPhases(m, http, (hooks, r, rate) -> {
                for (int i = 0; i < hooks.size(); i++) {
                    if (r.accepted[i]) {
                        intendedByKey.put(hooks.get(i).key(), r.intendedNanos[i]);
                        rateByKey.put(hooks.get(i).key(), rate);
                    } else {
                        sentNotAccepted.add(hooks.get(i).key());
                    }
                }
            });
            // the open-loop events first: exact count check and end-to-end latency
            log("waiting for the open-loop events on the target queues");
            waitArrivals(consumer, () -> intendedByKey.keySet().stream().allMatch(consumer.arrivals::containsKey), smoke ? 20 : 20);
            long openMissing = intendedByKey.keySet().stream().filter(k -> !consumer.arrivals.containsKey(k)).count();
            if (smoke && openMissing > 0) {
                PROBLEMS.add(openMissing + " of " + intendedByKey.size() + " accepted open-loop events had not arrived on the target 20 s after they were sent");
            }
            Set<String> wrkKeys = new HashSet<>();
            // Both files first, so that the measured run follows its warm-up without a pause.
            Path file = writeWrkFile(wrkUniqueBridge, wrkKeys);
            long warmAccepted = 0;
            if (wrkWarmSeconds > 0) {
                // Its events are checked like the measured ones (their keys join wrkKeys, their count wrkAccepted).
                Path warm = writeWrkFile(wrkWarmUniqueBridge, wrkKeys);
                warmAccepted = warmUpSaturation(m, http, warm);
                Files.deleteIfExists(warm);
            }
            Map<String, long[]> cpuBefore = threadCpu(p.pid());
            CpuProfile profiler = profile ? new CpuProfile(root.resolve("bench/target/async-profiler/linux-x64/libasyncProfiler.so")) : null;
            Path summaryFile = root.resolve("bench/target/profile.txt");
            if (profiler != null) {
                Files.deleteIfExists(summaryFile);
                if (!profiler.available()) {
                    PROBLEMS.add("--profile: bench/target/async-profiler is missing (the bench build unpacks it from Maven Central)");
                    profiler = null;
                } else if (!profiler.start(p.pid())) {
                    PROBLEMS.add("--profile: async-profiler did not start (see bench/target/bridge-last.log)");
                    profiler = null;
                }
            }
            saturate(m, http, file);
            if (profiler != null) {
                // In the run's own directory: async-profiler's options are comma-separated, so the path must have none.
                Path collapsed = work.resolve("profile-saturation.collapsed");
                if (profiler.stop(p.pid(), collapsed) && Files.size(collapsed) > 0) {
                    String summary = CpuProfile.summarize(collapsed);
                    Files.writeString(summaryFile, summary);
                    Files.copy(collapsed, root.resolve("bench/target/profile-saturation.collapsed"), StandardCopyOption.REPLACE_EXISTING);
                    System.out.println(summary);
                } else {
                    PROBLEMS.add("--profile: async-profiler wrote no profile (see bench/target/bridge-last.log)");
                }
            }
            Map<String, long[]> cpuAfter = threadCpu(p.pid());
            Map<String, String> names = new HashMap<>();
            Matcher tm = Pattern.compile("(?m)^\"(.*?)\".*? nid=0x([0-9a-f]+)").matcher(exec(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(p.pid()), "Thread.print"));
            while (tm.find()) {
                names.put(String.valueOf(Long.parseLong(tm.group(2), 16)), tm.group(1));
            }
            m.cpuSplit = cpuSplit(cpuBefore, cpuAfter, m.satDurationS, names);
            m.wrkAccepted = m.satAccepted + warmAccepted;
            long arrivedAtWrkEnd = consumer.total.get();
            log("waiting for the target queues to drain");
            m.drainSeconds = waitArrivals(consumer, () -> {
                long arrivedOpen = intendedByKey.keySet().stream().filter(consumer.arrivals::containsKey).count();
                return arrivedOpen >= intendedByKey.size() && consumer.total.get() - arrivedOpen >= m.wrkAccepted;
            }, smoke ? 15 : 30);
            m.deliveryRate = (consumer.total.get() - arrivedAtWrkEnd) / Math.max(0.001, m.drainSeconds);
            Thread.sleep(1000); // late duplicates
            rss.stop(m);
            m.pending = 0;
            List<String> queues = new ArrayList<>(List.of("bridge.staging"));
            Matcher dq = Pattern.compile("delivers from queue (\\S+)").matcher(Files.readString(dir.resolve("bridge.log")));
            while (dq.find()) {
                queues.add(dq.group(1));
            }
            StringBuilder depth = new StringBuilder();
            for (String q : queues) {
                long c = consumer.browseCount(q);
                depth.append(q).append('=').append(c).append(' ');
                m.pending += Math.max(0, c);
            }
            m.queueDepths = depth.toString().trim();
            log("queue depths at the end: " + m.queueDepths);

            // count check
            m.expected = intendedByKey.size();
            Histogram e2e = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
            for (Map.Entry<String, Long> e : intendedByKey.entrySet()) {
                long[] a = consumer.arrivals.get(e.getKey());
                if (a == null) {
                    m.missing++;
                } else if (rateByKey.get(e.getKey()) == TARGET_RATE || (smoke && rateByKey.get(e.getKey()) == rates[rates.length - 1])) {
                    e2e.recordValue(Math.max(0, Math.min(a[1] - e.getValue(), e2e.getHighestTrackableValue())));
                }
            }
            for (Map.Entry<String, long[]> e : consumer.arrivals.entrySet()) {
                if (e.getValue()[0] > 1) {
                    m.duplicated++;
                }
                if (wrkKeys.contains(e.getKey())) {
                    m.wrkArrived++;
                } else if (sentNotAccepted.contains(e.getKey())) {
                    m.arrivedUnanswered++;
                } else if (!intendedByKey.containsKey(e.getKey())) {
                    m.unexpected++;
                }
            }
            m.e2eCount = e2e.getTotalCount();
            if (m.e2eCount > 0) {
                m.e2eP50Ms = e2e.getValueAtPercentile(50) / 1e6;
                m.e2eP99Ms = e2e.getValueAtPercentile(99) / 1e6;
                m.e2eMaxMs = e2e.getMaxValue() / 1e6;
            }
            m.dlq = consumer.browseCount("bridge.dlq");
            if (consumer.unknownShape.get() > 0) {
                PROBLEMS.add(consumer.unknownShape.get() + " target messages without a vonageMessageUuid property");
            }
            long notArrived = m.missing + Math.max(0, m.wrkAccepted - m.wrkArrived);
            if (notArrived > m.pending) {
                PROBLEMS.add((notArrived - m.pending) + " accepted events neither arrived on the target nor are still queued (lost?): "
                        + m.missing + " of " + m.expected + " open-loop events missing, saturation " + m.wrkArrived + "/" + m.wrkAccepted
                        + " arrived, " + m.pending + " still queued");
            } else if (notArrived > 0) {
                String msg = notArrived + " accepted events had not arrived on the target " + Math.round(m.drainSeconds)
                        + " s after the load stopped; " + m.pending + " messages still queued (" + m.queueDepths
                        + "): delivery to the targets is slower than ingress";
                NOTES.add(msg);
            }
            if (m.duplicated > 0) {
                PROBLEMS.add(m.duplicated + " events arrived on the target more than once");
            }
            if (m.unexpected > 0) {
                PROBLEMS.add(m.unexpected + " events arrived that were never accepted by an open-loop phase or sent by wrk");
            }
            if (m.arrivedUnanswered > 0) {
                NOTES.add(m.arrivedUnanswered + " events arrived on the target whose request had not been answered 200 when the"
                        + " harness stopped waiting (stored late; Vonage would have retried them, and the dedupe id drops the retry)");
            }
            if (m.dlq > 0) {
                PROBLEMS.add(m.dlq + " messages on bridge.dlq");
            }
        }
        if (!p.isAlive()) {
            PROBLEMS.add("the bridge process exited during the run with code " + p.exitValue());
        }
        stop(p);
        m.logSummary = logSummary(dir.resolve("bridge.log"));
        Files.createDirectories(root.resolve("bench/target"));
        Files.copy(dir.resolve("bridge.log"), root.resolve("bench/target/bridge-last.log"), StandardCopyOption.REPLACE_EXISTING);
        if (jfr && Files.exists(jfrFile)) {
            m.jfrTop = JfrTop.summarize(jfrFile, 25);
            Path out = root.resolve("bench/target/jfr-top.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, m.jfrTop);
            Files.copy(jfrFile, root.resolve("bench/target/bridge.jfr"), StandardCopyOption.REPLACE_EXISTING);
            System.out.println(m.jfrTop);
        }
        return m;
    }

    /** Waits until done, at most maxSeconds, or until nothing arrived for 15 s; returns the seconds waited. */
    static double waitArrivals(TargetConsumer c, java.util.function.BooleanSupplier done, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long last = -1;
        long lastProgress = start;
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            long total = c.total.get();
            if (total != last) {
                last = total;
                lastProgress = now;
            }
            if (now - lastProgress > TimeUnit.SECONDS.toNanos(15) || now - start > TimeUnit.SECONDS.toNanos(maxSeconds)) {
                break;
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    interface PhaseListener {
        void accepted(List<Webhooks.Webhook> hooks, OpenLoop.Result r, double rate);
    }

    void openLoopPhases(Measure m, int port, PhaseListener listener) throws InterruptedException {
        OpenLoop loop = new OpenLoop(wrkConnections);
        Webhooks gen = new Webhooks(secret, System.nanoTime());
        try {
            List<double[]> phases = new ArrayList<>();
            phases.add(new double[] {warmupRate, warmupSeconds, warmupSeconds});

            for (double r : rates) {
                phases.add(new double[] {r, phaseSeconds, phaseWarmup});
            }
            boolean first = true;
            for (double[] ph : phases) {
                double rate = ph[0];
                int n = (int) Math.round(rate * ph[1]);
                List<Webhooks.Webhook> hooks = gen.generate(n); // signed now, just before sending
                // The phase's webhooks (~2 KB each) are live through the phase: without this they are copied by the
                // harness's first young collections inside the phase (20-28 ms pauses, counted as server latency).
                System.gc();
                log(m.name + ": open loop " + (first ? "warm-up " : "") + (int) rate + " req/s for " + ph[1] + " s");
                OpenLoop.Result r = loop.run(port, hooks, rate, ph[2], 30);
                if (r.pending > 0) {
                    NOTES.add(m.name + " at " + (int) rate + " req/s: " + r.pending + " requests still unanswered 30 s after the"
                            + " phase (overload: the client queue had not drained); not counted as accepted");
                }
                int bad = r.errors + r.non2xx;
                if (bad > 0) {
                    PROBLEMS.add(m.name + " at " + (int) rate + " req/s: " + r.non2xx + " non-2xx, " + r.errors
                            + " errors/timeouts (first: " + r.firstError + ")");
                }
                int dups = 0;
                for (boolean d : r.duplicate) {
                    dups += d ? 1 : 0;
                }
                if (dups > 0) {
                    PROBLEMS.add(m.name + " at " + (int) rate + " req/s: " + dups + " unique webhooks answered \"duplicate\"");
                }
                if (listener != null) {
                    // The warm-up runs at the target rate too, on a cold JVM: it counts for the exactly-once check, not
                    // for the end-to-end latency of that rate (NaN matches no rate).
                    listener.accepted(hooks, r, first ? Double.NaN : rate);
                }
                if (!first) {
                    m.latency.put(rate, r);
                    Histogram h = r.histogram;
                    log(String.format(Locale.ROOT, "  p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms, achieved %.0f/s, %d non-2xx, %d errors",
                            ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6, r.achievedRate, r.non2xx, r.errors));
                }
                first = false;
            }
        } finally {
            loop.close();
        }
    }

    static double ms(Histogram h, double pct) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(pct) / 1e6;
    }

    Path writeWrkFile(int n) throws IOException {
        return writeWrkFile(n, null);
    }

    /** Pre-signs n unique webhooks for wrk, one per line: path TAB authorization (empty for SMS API) TAB body. */
    Path writeWrkFile(int n, Set<String> keys) throws IOException {
        long t0 = System.nanoTime();
        Webhooks gen = new Webhooks(secret, System.nanoTime() ^ 0x5DEECE66DL);
        Path file = work.resolve("wrk-" + n + "-" + System.nanoTime() + ".tsv");
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
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

    /** Runs wrk for seconds, cycling through the pre-signed webhooks of file; returns its result line, or null. */
    Matcher wrk(String name, int port, Path file, int seconds) throws IOException, InterruptedException {
        Path lua = work.resolve("saturate.lua");
        try (InputStream in = Bench.class.getResourceAsStream("/bench/saturate.lua")) {
            Files.copy(in, lua, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = List.of("wrk", "-t1", "-c" + wrkConnections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + "/", "--", file.toString());
        log(name + ": " + String.join(" ", cmd));
        Process p = start(new ProcessBuilder(cmd).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Matcher mm = Pattern.compile("BENCH requests=(\\d+) duration_us=(\\d+) accepted=(\\d+) duplicate=(\\d+) other=(\\d+) "
                + "wraps=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) status=(\\d+) timeout=(\\d+) p50_us=(\\d+) p99_us=(\\d+)")
                .matcher(out);
        if (!mm.find()) {
            PROBLEMS.add(name + ": could not read wrk's output: " + out);
            return null;
        }
        return mm;
    }

    /** wrk's connect, read, write and timeout errors (not its non-2xx count, which is "other" here). */
    static long socketErrors(Matcher wrkResult) {
        return Long.parseLong(wrkResult.group(7)) + Long.parseLong(wrkResult.group(8)) + Long.parseLong(wrkResult.group(9))
                + Long.parseLong(wrkResult.group(11));
    }

    /**
     * wrk's warm-up of a server before its measured saturation run: the latency phases leave the JIT compiled for the
     * open-loop generator's traffic, and without this the measured run paid for re-compiling it (in a run without it,
     * 358 deoptimisations and 13 % of the bridge's CPU samples in the C2 compiler during those 10 s). Returns the
     * webhooks answered 200 accepted; they are not counted in req/s.
     */
    long warmUpSaturation(Measure m, int port, Path file) throws IOException, InterruptedException {
        if (wrkWarmSeconds <= 0) {
            return 0;
        }
        Matcher mm = wrk(m.name + " warm-up", port, file, wrkWarmSeconds);
        if (mm == null) {
            return 0;
        }
        long accepted = Long.parseLong(mm.group(3));
        long other = Long.parseLong(mm.group(5));
        long socketErrors = socketErrors(mm);
        log(String.format(Locale.ROOT, "  warm-up: %d accepted, %s duplicate, %d other status, %d socket errors/timeouts",
                accepted, mm.group(4), other, socketErrors));
        if (other > 0 || socketErrors > 0) {
            PROBLEMS.add(m.name + " saturation warm-up: " + other + " non-200 answers, " + socketErrors + " socket errors/timeouts");
        }
        return accepted;
    }

    void saturate(Measure m, int port, Path file) throws IOException, InterruptedException {
        Matcher mm = wrk(m.name, port, file, wrkSeconds);
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
        long ok = "bridge".equals(m.name) ? m.satAccepted : m.satAccepted + m.satDuplicate;
        m.satRps = ok / m.satDurationS;
        log(String.format(Locale.ROOT, "  %.0f req/s with 200 (%d accepted, %d duplicate, %d other status, %d socket errors/timeouts)",
                m.satRps, m.satAccepted, m.satDuplicate, m.satOther, m.satSocketErrors));
        if (m.satOther > 0 || m.satSocketErrors > 0) {
            PROBLEMS.add(m.name + " saturation: " + m.satOther + " non-200 answers, " + m.satSocketErrors
                    + " socket errors/timeouts");
        }
        if ("bridge".equals(m.name) && m.satDuplicate > 0) {
            NOTES.add("the saturation phase ran past its " + wrkUniqueBridge + " unique webhooks: " + m.satDuplicate
                    + " repeats were answered \"duplicate\" and are not counted in req/s");
        }
        Files.deleteIfExists(file);
    }

    // ------------------------------------------------------------------------------------------------------------
    // report

    String table(Measure b, Measure g) {
        StringBuilder t = new StringBuilder();
        t.append("| Measure | Baseline (bare Camel platform-http) | Bridge | Bridge / baseline | Target | Result |\n");
        t.append("|---|---|---|---|---|---|\n");
        row(t, "Time from `java @config/jvm.options -jar` to ready", b.readyMs + " ms", g.readyMs + " ms", "", "≤ 3 s",
                g.readyMs >= 0 && g.readyMs <= 3000);
        String satTarget = "≥ 15,000 req/s and ≥ 0.3× baseline";
        double ratio = b.satRps > 0 ? g.satRps / b.satRps : Double.NaN;
        row(t, "Saturation, req/s answered 200 (wrk -t1 -c" + wrkConnections + ", " + wrkSeconds + " s; the load generator gets one thread)",
                f0(b.satRps), f0(g.satRps), String.format(Locale.ROOT, "%.2f×", ratio), satTarget,
                g.satRps >= 15_000 && ratio >= 0.3 && g.satOther == 0 && g.satSocketErrors == 0);
        row(t, "Saturation: non-200 / socket errors+timeouts", b.satOther + " / " + b.satSocketErrors,
                g.satOther + " / " + g.satSocketErrors, "", "0", null);
        row(t, "Saturation latency p50 / p99 (wrk, closed loop, for information)", f2(b.satP50Ms) + " / " + f2(b.satP99Ms) + " ms",
                f2(g.satP50Ms) + " / " + f2(g.satP99Ms) + " ms", "", "", null);
        for (double rate : rates) {
            OpenLoop.Result rb = b.latency.get(rate);
            OpenLoop.Result rg = g.latency.get(rate);
            boolean target = rate == TARGET_RATE;
            Boolean ok = null;
            if (target) {
                ok = rg != null && rg.histogram.getTotalCount() > 0 && ms(rg.histogram, 99) <= 15 && rg.errors == 0 && rg.non2xx == 0;
            }
            row(t, "Ack latency at " + (int) rate + " req/s, p50 / p90 / p99 / p99.9 (open loop, from intended send time)",
                    lat(rb), lat(rg), rb != null && rg != null ? String.format(Locale.ROOT, "p99 %.1f×",
                            ms(rg.histogram, 99) / ms(rb.histogram, 99)) : "",
                    target ? "p99 ≤ 15 ms" : "", ok);
        }
        String e2eRate = smoke ? String.valueOf((int) rates[rates.length - 1]) : String.valueOf((int) TARGET_RATE);
        row(t, "End to end, POST to arrival on vonage.inbound / vonage.status at " + e2eRate + " req/s, p50 / p99 / max",
                "n/a", g.e2eCount > 0 ? f2(g.e2eP50Ms) + " / " + f2(g.e2eP99Ms) + " / " + f2(g.e2eMaxMs) + " ms (" + g.e2eCount + " events)" : "n/a",
                "", "", null);
        boolean countOk = g.expected > 0 && g.missing == 0 && g.duplicated == 0 && g.unexpected == 0
                && g.wrkArrived >= g.wrkAccepted;
        row(t, "Accepted events on the target exactly once", "n/a",
                String.format(Locale.ROOT, "open loop: %d/%d arrived; saturation%s: %d/%d arrived; twice: %d; unexpected: %d; arrived though unanswered: %d; bridge.dlq: %d; still queued at the end: %d",
                        g.expected - g.missing, g.expected, wrkWarmSeconds > 0 ? " and its warm-up" : "", g.wrkArrived, g.wrkAccepted, g.duplicated, g.unexpected, g.arrivedUnanswered, g.dlq, g.pending),
                "", "100 %, none twice", countOk);
        row(t, "Delivery to the targets after the saturation phase (backlog drain rate)", "n/a",
                String.format(Locale.ROOT, "%.0f events/s over %.0f s", g.deliveryRate, g.drainSeconds), "", "", null);
        row(t, "RSS under load, max VmRSS / VmHWM", mb(b.rssMaxKb) + " / " + mb(b.hwmKb), mb(g.rssMaxKb) + " / " + mb(g.hwmKb),
                b.rssMaxKb > 0 ? String.format(Locale.ROOT, "%.1f×", (double) g.rssMaxKb / b.rssMaxKb) : "", "≤ 400 MB",
                g.rssMaxKb > 0 && Math.max(g.rssMaxKb, g.hwmKb) <= 400 * 1024);
        return t.toString();
    }

    static String lat(OpenLoop.Result r) {
        if (r == null || r.histogram.getTotalCount() == 0) {
            return "n/a";
        }
        Histogram h = r.histogram;
        String s = String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9));
        if (r.non2xx + r.errors + r.pending > 0) {
            s += " (" + r.non2xx + " non-2xx, " + r.errors + " errors, " + r.pending + " unanswered)";
        }
        if (r.achievedRate < 0.97 * (r.intendedNanos.length / 1.0) / Math.max(1e-9, (r.intendedNanos[r.intendedNanos.length - 1] - r.intendedNanos[0]) / 1e9)) {
            s += String.format(Locale.ROOT, " (sent %.0f/s)", r.achievedRate);
        }
        return s;
    }

    static void row(StringBuilder t, String what, String base, String bridge, String ratio, String target, Boolean ok) {
        t.append("| ").append(what).append(" | ").append(base).append(" | ").append(bridge).append(" | ").append(ratio)
                .append(" | ").append(target).append(" | ").append(ok == null ? "" : ok ? "PASS" : "**MISS**").append(" |\n");
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String mb(long kb) {
        return kb <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    void writeDoc(String machine, String date, String table, Measure base, Measure bridge) throws IOException {
        StringBuilder d = new StringBuilder();
        d.append("# Benchmarks\n\n");
        d.append("Generated by `").append(command).append("` on ").append(date).append(". Re-run it after a change; it rewrites this file")
                .append(" (the \"Findings\" section comes from `bench/findings.md`).\n\n");
        d.append("## How to run\n\n```sh\nmvn -q package -DskipTests      # at the repository root: builds target/webhook-bridge.jar\n")
                .append("bench/run.sh                     # full run, about 5-7 minutes (up to 60 s more if the jar is older than routes/); prints the table and rewrites this file\n")
                .append("bench/run.sh --smoke             # CI check, well under a minute: exits non-zero on any non-2xx, error, lost or duplicated event\n")
                .append("bench/run.sh --jfr               # full run with a JFR recording of the bridge; hottest frames in bench/target/jfr-top.txt\n")
                .append("bench/run.sh --profile           # full run with async-profiler on the bridge during saturation, kernel frames included; bench/target/profile.txt\n```\n\n")
                .append("`bench/run.sh` installs `wrk` if absent (apt), builds only the bench module (`mvn -f bench/pom.xml`) and uses the existing")
                .append(" `target/webhook-bridge.jar` and its class-data archive `target/webhook-bridge.jsa`, copied with `config/` and `routes/` into a")
                .append(" temporary working directory. The bridge runs as the README starts it, `java @config/jvm.options -jar target/webhook-bridge.jar`,")
                .append(" with its default configuration and a fresh data directory (`BENCH_BRIDGE_JAVA_OPTS` adds JVM options).\n\n");
        d.append("## Machine\n\n```\n").append(machine).append("```\n\n");
        d.append("Load generator, servers and consumer share these cores, and the machine may have been busy with other builds:")
                .append(" treat the numbers as noisy (±15 % run to run was seen in the prototypes).\n\n");
        d.append("## Results\n\n").append(table).append('\n');
        if (!PROBLEMS.isEmpty()) {
            d.append("Problems seen in this run:\n\n");
            PROBLEMS.forEach(p -> d.append("- ").append(p).append('\n'));
            d.append('\n');
        }
        if (!NOTES.isEmpty()) {
            NOTES.forEach(p -> d.append("- ").append(p).append('\n'));
            d.append('\n');
        }
        d.append("## What is measured\n\n")
                .append("- **Webhooks**: unique events, signed just before the phase that sends them. 90 % Messages API v1: about 36 %")
                .append(" inbound (sms, whatsapp, messenger, viber_service, mms, rcs; text, image, audio, video, location, reply, button,")
                .append(" reaction, order, MMS content) and 54 % statuses (submitted, delivered, read, rejected with error, undeliverable),")
                .append(" each with its own `message_uuid` (HS256 JWT: iat, jti, iss=Vonage, payload_hash = SHA-256 of the exact body bytes,")
                .append(" api_key). 10 % SMS API, as POST JSON: 4 % inbound SMS and 6 % delivery receipts (delivered, accepted, failed,")
                .append(" expired), each with its own `messageId`, with a `sig` by the default method md5hash.\n")
                .append("- **Baseline**: a bare Camel 4.22 `platform-http` (Vert.x) route per webhook path that reads the body and answers")
                .append(" 200 `{\"status\":\"accepted\"}`, nothing else (`bench/src/main/java/io/webhookbridge/bench/BaselineServer.java`).\n")
                .append("- **Saturation**: `wrk -t1 -c").append(wrkConnections).append(" -d").append(wrkSeconds).append("s` (one load-generator thread,")
                .append(" 64 connections) with a Lua script cycling through pre-signed requests read from a file (unique for the bridge:")
                .append(" ").append(wrkUniqueBridge).append("); req/s counts only 200 \"accepted\" answers; non-200 and socket errors are reported.")
                .append(" Runs after the latency phases and after ").append(wrkWarmSeconds).append(" s of the same wrk load with other webhooks")
                .append(" (not counted in req/s; the bridge's are in the exactly-once check): without that warm-up the measured run paid for")
                .append(" the JIT re-compiling for wrk's traffic.\n")
                .append("- **Ack latency**: open-loop Java generator (Vert.x HTTP client, one event loop, up to 64 connections), fixed rate,")
                .append(" latency from each request's *intended* send time (coordinated omission corrected), HdrHistogram. ")
                .append(warmupSeconds).append(" s warm-up at ").append((int) warmupRate).append(" req/s first; each rate runs ")
                .append(phaseSeconds).append(" s of which the first ").append(phaseWarmup).append(" s are not recorded.\n")
                .append("- **End to end**: a JMS consumer (Artemis jakarta client over the bridge's core TCP acceptor, as its read-only user) on vonage.inbound")
                .append(" and vonage.status records when each event (kind + message_uuid + status, from the JMS properties) first arrives;")
                .append(" end to end = arrival - intended send time, for the events of the ").append((int) TARGET_RATE).append(" req/s phase (all of it;")
                .append(" not the warm-up at that rate, which ran on a cold JVM).\n")
                .append("- **Count check**: every webhook answered 200 \"accepted\" in the open-loop phases must arrive exactly once;")
                .append(" for the wrk phase and its warm-up (whose individual answers are not known) as many events as wrk counted 200s must")
                .append(" arrive, each once (a count: up to the ").append(wrkConnections).append(" requests in flight when a wrk run stops may be stored")
                .append(" though not counted, and could hide as many losses; the open-loop phases and `CrashTest` check every event by its key);")
                .append(" nothing else may arrive; bridge.dlq is browsed.\n")
                .append("- **Memory**: VmRSS sampled every 200 ms from /proc/<pid>/status from ready to the end of the drain; VmHWM at the end.\n")
                .append("- **Ready**: from starting `java @config/jvm.options -jar target/webhook-bridge.jar` to the first 200 on /observe/health/ready (polled every 20 ms).\n\n");
        if (bridge.cpuSplit != null) {
            d.append("## Where the bridge's CPU went during saturation\n\n")
                    .append("CPU seconds per thread group (from /proc/<pid>/task/*/stat) over the wrk phase, in cores busy:\n\n```\n")
                    .append(bridge.cpuSplit).append("```\n\n");
        }
        Path findings = root.resolve("bench/findings.md");
        if (Files.exists(findings)) {
            d.append("## Findings\n\n").append(Files.readString(findings).strip()).append("\n\n");
        }
        if (bridge.logSummary != null) {
            d.append("## Bridge log during the run\n\n```\n").append(bridge.logSummary).append("```\n");
        }
        Path doc = root.resolve("docs/benchmarks.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, d.toString());
        log("wrote " + doc);
    }

    // ------------------------------------------------------------------------------------------------------------
    // processes and /proc

    final class RssSampler {
        final long pid;
        final AtomicLong max = new AtomicLong();
        final ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });

        RssSampler(long pid) {
            this.pid = pid;
            ex.scheduleAtFixedRate(() -> max.accumulateAndGet(status(pid, "VmRSS"), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        }

        void stop(Measure m) {
            ex.shutdownNow();
            m.rssMaxKb = Math.max(max.get(), status(pid, "VmRSS"));
            m.hwmKb = status(pid, "VmHWM");
        }
    }

    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // process gone
        }
        return 0;
    }

    /** thread id -> {cpu ticks} with the thread name, grouped later. */
    static Map<String, long[]> threadCpu(long pid) {
        Map<String, long[]> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(task.getFileName() + "|" + name, new long[] {ticks});
                } catch (Exception ignored) {
                    // thread ended
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
        return out;
    }

    static String cpuSplit(Map<String, long[]> before, Map<String, long[]> after, double seconds, Map<String, String> names) {
        Map<String, Long> groups = new HashMap<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.get(e.getKey());
            long d = e.getValue()[0] - (b == null ? 0 : b[0]);
            String tid = e.getKey().substring(0, e.getKey().indexOf('|'));
            String name = names.getOrDefault(tid, e.getKey().substring(e.getKey().indexOf('|') + 1)).replaceAll("[0-9]+", "#");
            groups.merge(name, d, Long::sum);
        }
        long total = groups.values().stream().mapToLong(Long::longValue).sum();
        double hz = 100.0; // USER_HZ
        double secs = Math.max(seconds, 1e-3);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-72s %6.2f cores%n", "total", total / hz / secs));
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .filter(e -> e.getValue() > 0)
                .forEach(e -> s.append(String.format(Locale.ROOT, "%-72s %6.2f cores (%4.1f %%)%n", e.getKey(),
                        e.getValue() / hz / secs, 100.0 * e.getValue() / Math.max(1, total))));
        return s.toString();
    }

    static String logSummary(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            long warn = lines.stream().filter(l -> l.contains(" WARN ")).count();
            long error = lines.stream().filter(l -> l.contains(" ERROR ") || l.contains("Exception")).count();
            StringBuilder s = new StringBuilder();
            s.append(lines.size()).append(" lines, ").append(warn).append(" WARN, ").append(error).append(" ERROR/Exception lines\n");
            Set<String> seen = new HashSet<>();
            lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
                    .filter(l -> seen.add(l.replaceAll("^[0-9: .,-]+", "").replaceAll("[0-9]+", "#")))
                    .limit(8).forEach(l -> s.append(l).append('\n'));
            return s.toString();
        } catch (IOException e) {
            return "no log: " + e + "\n";
        }
    }

    static Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        STARTED.add(p);
        return p;
    }

    static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(25, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    boolean waitReady(Process p, URI uri, boolean post, int seconds) throws InterruptedException {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
                if (post) {
                    b.POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
                }
                if (c.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        return false;
    }

    boolean waitListening(Process p, int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** Newest modification time under routes/ and config/: a jar older than that may not match them. */
    long newestSource() {
        long newest = 0;
        for (String d : new String[] {"routes", "config"}) {
            try (Stream<Path> s = Files.walk(root.resolve(d))) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                }
            } catch (IOException ignored) {
                // missing
            }
        }
        return newest;
    }

    Path waitForJar(Path jar, int seconds) throws InterruptedException {
        Path j = waitForJarPresent(jar, seconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(smoke ? 0 : 60);
        boolean said = false;
        while (true) {
            try {
                if (Files.getLastModifiedTime(j).toMillis() >= newestSource()) {
                    return j;
                }
            } catch (IOException ignored) {
                // being rewritten
            }
            if (System.nanoTime() > deadline) {
                NOTES.add("target/webhook-bridge.jar is older than the newest file in routes/ or config/: the run may not match the sources");
                log("WARNING: the jar is older than routes/ or config/ (rebuild with `mvn -q package -DskipTests`); using it anyway");
                return waitForJarPresent(jar, seconds);
            }
            if (!said) {
                log("the jar is older than routes/ or config/: waiting up to 60 s for a rebuild");
                said = true;
            }
            Thread.sleep(1000);
        }
    }

    Path waitForJarPresent(Path jar, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        boolean said = false;
        while (true) {
            try {
                if (Files.size(jar) > 0 && System.currentTimeMillis() - Files.getLastModifiedTime(jar).toMillis() > 2000) {
                    return jar;
                }
            } catch (IOException ignored) {
                // missing
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jar + " missing: build it first with `mvn -q package -DskipTests` at the repository root");
            }
            if (!said) {
                log("waiting up to " + seconds + " s for " + jar);
                said = true;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * A free port for a server started later, below the kernel's ephemeral range (Linux 32768-60999): a port the kernel
     * picked could meanwhile become the local port of an outgoing connection (the harness's consumer, the bridge's own).
     * Each port is handed out once. (The same rule as the bridge's {@code tools.FreePorts}: the harness is a separate
     * module that does not depend on the bridge's classes.)
     */
    static synchronized int freePort() throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + PORTS.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port between 20000 and 31999");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String machine() {
        StringBuilder s = new StringBuilder();
        s.append("cores: ").append(Runtime.getRuntime().availableProcessors());
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> s.append(" (").append(l.substring(l.indexOf(':') + 1).trim()).append(')'));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> s.append(", memory ").append(Long.parseLong(l.replaceAll("[^0-9]", "")) >> 20).append(" GiB"));
        } catch (IOException ignored) {
            // not Linux
        }
        s.append('\n');
        s.append("JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vendor")).append(")\n");
        s.append("OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        s.append(exec("wrk", "-v").lines().findFirst().orElse("wrk: ?")).append('\n');
        s.append("$ df -h ").append(System.getProperty("java.io.tmpdir")).append('\n').append(exec("df", "-h", System.getProperty("java.io.tmpdir")));
        s.append("$ lsblk -d -o NAME,SIZE,ROTA,TYPE,MODEL\n").append(exec("lsblk", "-d", "-o", "NAME,SIZE,ROTA,TYPE,MODEL"));
        return s.toString();
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return cmd[0] + ": " + e.getMessage() + "\n";
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : (Iterable<Path>) s::iterator) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        if (System.getenv("BENCH_KEEP") != null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (Exception ignored) {
            // best effort
        }
    }

    static void log(String s) {
        System.out.println("[bench " + java.time.LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + s);
    }
}
