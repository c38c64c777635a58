package io.webhookbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.JMSException;

import static io.webhookbridge.bench.Log.log;

/**
 * The bridge as the README starts it, {@code java @config/jvm.options -jar target/webhook-bridge.jar}, in a copy of the
 * repository's layout with a fresh data directory, its broker port open to a read-only user for the harness's consumer.
 */
final class BridgeProcess {

    private final Options options;
    private final Path dir;
    private final Process process;
    final int httpPort;
    private final int brokerPort;

    private BridgeProcess(Options options, Path dir, Process process, int httpPort, int brokerPort) {
        this.options = options;
        this.dir = dir;
        this.process = process;
        this.httpPort = httpPort;
        this.brokerPort = brokerPort;
    }

    /** Starts the bridge and waits until it is ready (m.readyMs); null, with a problem, if it does not become ready. */
    static BridgeProcess start(Options options, Path work, Path jarSource, Measure m) throws IOException, InterruptedException {
        Path dir = work.resolve("bridge");
        layOut(options.root, dir, jarSource);
        int http = Processes.freePort();
        int mgmt = Processes.freePort();
        int broker = Processes.freePort();
        List<String> cmd = new ArrayList<>(List.of(Processes.javaBin()));
        String extra = System.getenv("BENCH_BRIDGE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (options.jfr) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfrFile(dir) + ",settings=profile,dumponexit=true");
        }
        cmd.addAll(List.of("@config/jvm.options", "-jar", "target/webhook-bridge.jar"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bridge.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("VONAGE_SIGNATURE_SECRET", options.secret);
        env.put("BRIDGE_HTTP_PORT", String.valueOf(http));
        env.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(mgmt));
        env.put("BRIDGE_MANAGEMENT_HOST", "127.0.0.1");
        env.put("BRIDGE_BROKER_PORT", String.valueOf(broker));
        // The port needs a user; read rights are enough to consume the targets and browse the other queues.
        env.put("BRIDGE_BROKER_USER", "bench");
        env.put("BRIDGE_BROKER_PASSWORD", options.brokerPassword);
        env.put("BRIDGE_BROKER_USER_ROLE", "read");
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        log("bridge: " + String.join(" ", cmd) + " (in " + dir + ", http " + http + ", management " + mgmt
                + ", broker " + broker + ")");
        long t0 = System.nanoTime();
        Process p = Processes.start(pb);
        if (!Processes.waitReady(p, URI.create("http://127.0.0.1:" + mgmt + "/observe/health/ready"), false, 60)
                || !Processes.waitListening(p, http, 10)) {
            Problems.problem("bridge did not become ready within 60 s: see " + dir.resolve("bridge.log"));
            m.logSummary = logSummary(dir.resolve("bridge.log"));
            Processes.stop(p);
            return null;
        }
        m.readyMs = (System.nanoTime() - t0) / 1_000_000;
        log("bridge ready in " + m.readyMs + " ms");
        Thread.sleep(300);
        if (!Processes.waitListening(p, http, 1)) {
            Problems.problem("the bridge answered ready, then stopped listening on its webhook port (see bench/target/bridge-last.log)");
        }
        return new BridgeProcess(options, dir, p, http, broker);
    }

    /**
     * The README's layout: config/, routes/, target/webhook-bridge.jar with its class-data archive (copied with their
     * timestamps, which the JVM checks before it uses the archive).
     */
    private static void layOut(Path root, Path dir, Path jarSource) throws IOException {
        Files.createDirectories(dir);
        WorkDir.copyTree(root.resolve("config"), dir.resolve("config"));
        WorkDir.copyTree(root.resolve("routes"), dir.resolve("routes"));
        Files.createDirectories(dir.resolve("target"));
        Files.copy(jarSource, dir.resolve("target/webhook-bridge.jar"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        Path archive = jarSource.resolveSibling("webhook-bridge.jsa");
        if (Files.exists(archive)) {
            Files.copy(archive, dir.resolve("target/webhook-bridge.jsa"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        } else {
            Problems.note("target/webhook-bridge.jsa is missing (built with -Dwarm-up.skip?): the bridge started without its class-data archive");
        }
    }

    long pid() {
        return process.pid();
    }

    /** A consumer of the default target queues, as the broker port's read-only user. */
    TargetConsumer consumer() throws JMSException {
        return new TargetConsumer(brokerPort, "bench", options.brokerPassword, "vonage.inbound", "vonage.status");
    }

    /** The staging queue and every delivery queue the bridge's log says it reads. */
    List<String> queues() throws IOException {
        List<String> queues = new ArrayList<>(List.of("bridge.staging"));
        Matcher dq = Pattern.compile("delivers from queue (\\S+)").matcher(Files.readString(dir.resolve("bridge.log")));
        while (dq.find()) {
            queues.add(dq.group(1));
        }
        return queues;
    }

    /** Stops the bridge, then keeps its log (bench/target/bridge-last.log) and, with --jfr, its recording's summary. */
    void stop(Measure m) throws IOException {
        if (!process.isAlive()) {
            Problems.problem("the bridge process exited during the run with code " + process.exitValue());
        }
        Processes.stop(process);
        m.logSummary = logSummary(dir.resolve("bridge.log"));
        Path root = options.root;
        Files.createDirectories(root.resolve("bench/target"));
        Files.copy(dir.resolve("bridge.log"), root.resolve("bench/target/bridge-last.log"), StandardCopyOption.REPLACE_EXISTING);
        Path jfrFile = jfrFile(dir);
        if (options.jfr && Files.exists(jfrFile)) {
            m.jfrTop = JfrTop.summarize(jfrFile, 25);
            Path out = root.resolve("bench/target/jfr-top.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, m.jfrTop);
            Files.copy(jfrFile, root.resolve("bench/target/bridge.jfr"), StandardCopyOption.REPLACE_EXISTING);
            System.out.println(m.jfrTop);
        }
    }

    private static Path jfrFile(Path dir) {
        return dir.resolve("bridge.jfr");
    }

    /** Line, WARN and ERROR counts of the bridge's log, and its first eight distinct WARN/ERROR lines. */
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
}
