package io.webhookbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import static io.webhookbridge.bench.Log.log;

/** The baseline server ({@link BaselineServer}) in its own JVM, on the harness's class path. */
final class BaselineProcess {

    private BaselineProcess() {
    }

    /** The started server once it answers a webhook path (m.readyMs), or null with a problem. */
    static Process start(Path work, int port, Measure m) throws IOException, InterruptedException {
        String cp = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(Processes.javaBin(), "-cp", cp, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                BaselineServer.class.getName(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(work.resolve("baseline.log").toFile());
        log("baseline: starting bare Camel platform-http on port " + port);
        long t0 = System.nanoTime();
        Process p = Processes.start(pb);
        if (!Processes.waitReady(p, URI.create("http://127.0.0.1:" + port + Webhooks.INBOUND_PATH), true, 60)) {
            Problems.problem("baseline server did not start: see " + work.resolve("baseline.log"));
            Processes.stop(p);
            return null;
        }
        m.readyMs = (System.nanoTime() - t0) / 1_000_000;
        return p;
    }
}
