package io.webhookbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static io.webhookbridge.bench.Log.log;

/**
 * The benchmark: baseline (bare Camel platform-http) and the bridge, measured in one invocation on this machine.
 * Started by bench/run.sh; see docs/benchmarks.md. Options: --smoke (seconds of load, exits non-zero on any
 * non-2xx, error, lost or duplicated event), --jfr (records the bridge with JFR and prints its hottest frames),
 * --profile (async-profiler on the bridge during the saturation phase, kernel frames included: bench/target/profile.txt),
 * --root DIR (repository root, default .), --no-doc.
 */
public final class Bench {

    private final Options options;
    private final LoadShape load;
    private final Path work;
    private final OpenLoopPhases latency;
    private final Saturation saturation;

    private Bench(Options options, Path work) {
        this.options = options;
        this.load = LoadShape.of(options.smoke);
        this.work = work;
        this.latency = new OpenLoopPhases(load, options.secret);
        this.saturation = new Saturation(load, options.secret, work);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Processes.killAllOnExit();
        int rc;
        try {
            rc = run(options);
        } finally {
            Processes.stopAll();
        }
        System.exit(rc);
    }

    /** The run: baseline, then bridge, then the report; 0 when no problem was seen. */
    static int run(Options options) throws Exception {
        Path work = Files.createTempDirectory("webhook-bridge-bench-");
        log("work dir " + work + (options.smoke ? " (smoke)" : ""));
        Path jar = JarCheck.waitForJar(options.root, options.root.resolve("target/webhook-bridge.jar"), options.smoke,
                options.smoke ? 120 : 300);
        String machine = Machine.describe();
        String loadStart = Machine.loadavg();
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

        Bench bench = new Bench(options, work);
        Measure base = bench.runBaseline();
        Measure bridge = bench.runBridge(jar);

        machine += "load average (1/5/15 min) at start: " + loadStart + "; at end: " + Machine.loadavg()
                + " (2 cores: anything above ~2 means other work competed for the CPU)\n";
        String table = new ReportTable(bench.load, options.smoke).table(base, bridge);
        printSummary(table);
        if (options.writeDoc && !options.smoke) {
            new BenchmarksDoc(options, bench.load).write(machine, date, table, bridge);
        }
        if (Problems.none()) {
            WorkDir.deleteTree(work);
        } else {
            log("kept " + work + " for inspection; bridge log also in bench/target/bridge-last.log");
        }
        return Problems.none() ? 0 : 1;
    }

    private static void printSummary(String table) {
        System.out.println();
        System.out.println(table);
        if (!Problems.notes().isEmpty()) {
            System.out.println("NOTES:");
            Problems.notes().forEach(p -> System.out.println("  - " + p));
        }
        if (!Problems.none()) {
            System.out.println("PROBLEMS:");
            Problems.problems().forEach(p -> System.out.println("  - " + p));
        }
    }

    /** Latency phases, then saturation, against the bare Camel route. */
    private Measure runBaseline() throws Exception {
        Measure m = new Measure("baseline");
        int port = Processes.freePort();
        Process p = BaselineProcess.start(work, port, m);
        if (p == null) {
            return m;
        }
        MemorySampler rss = new MemorySampler(p.pid());
        latency.run(m, port, null);
        Path file = saturation.writeWrkFile(options.smoke ? 10_000 : 50_000, null);
        saturation.warmUp(m, port, file);
        saturation.saturate(m, port, file);
        rss.stop(m);
        Processes.stop(p);
        return m;
    }

    /**
     * Latency phases, saturation (with its CPU split and optional profile), then the drain of the target queues and the
     * exactly-once check of everything the bridge accepted.
     */
    private Measure runBridge(Path jar) throws Exception {
        Measure m = new Measure("bridge");
        BridgeProcess bridge = BridgeProcess.start(options, work, jar, m);
        if (bridge == null) {
            return m;
        }
        MemorySampler rss = new MemorySampler(bridge.pid());
        try (TargetConsumer consumer = bridge.consumer()) {
            DeliveryCheck deliveries = new DeliveryCheck(load, options.smoke, consumer);
            latency.run(m, bridge.httpPort, deliveries);
            deliveries.awaitOpenLoopEvents();

            // Both files first, so that the measured run follows its warm-up without a pause.
            Path file = saturation.writeWrkFile(load.wrkUniqueBridge, deliveries.wrkKeys);
            long warmAccepted = 0;
            if (load.wrkWarmSeconds > 0) {
                // Its events are checked like the measured ones (their keys join wrkKeys, their count wrkAccepted).
                Path warm = saturation.writeWrkFile(load.wrkWarmUniqueBridge, deliveries.wrkKeys);
                warmAccepted = saturation.warmUp(m, bridge.httpPort, warm);
                Files.deleteIfExists(warm);
            }
            ThreadCpu cpu = ThreadCpu.since(bridge.pid());
            SaturationProfile profile = SaturationProfile.start(options.profile, options.root, work, bridge.pid());
            saturation.saturate(m, bridge.httpPort, file);
            profile.finish();
            m.cpuSplit = cpu.split(m.satDurationS);
            m.wrkAccepted = m.satAccepted + warmAccepted;

            deliveries.awaitDrain(m);
            Thread.sleep(1000); // late duplicates
            rss.stop(m);
            deliveries.readQueueDepths(m, bridge.queues());
            deliveries.check(m);
        }
        bridge.stop(m);
        return m;
    }
}
