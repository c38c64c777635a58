package io.webhookbridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bridge as a process of its own, started as {@code java -jar} would start it (this JVM's classpath, the project's
 * config/ and routes/), for tests that need what only a separate JVM shows: a kill -9, or its environment and output.
 */
public final class BridgeProcess {

    private BridgeProcess() {
    }

    /** A builder for the bridge on these ports and data directory, with the test secret and no route reloading. */
    public static ProcessBuilder builder(Path dataDir, int httpPort, int managementPort) {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .directory(Path.of("").toAbsolutePath().toFile());
        Map<String, String> env = builder.environment();
        env.put("VONAGE_SIGNATURE_SECRET", BridgeRunner.SECRET);
        env.put("BRIDGE_HTTP_PORT", String.valueOf(httpPort));
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("BRIDGE_BROKER_PORT", "0");
        env.put("BRIDGE_DATA_DIR", dataDir.toString());
        env.put("BRIDGE_ROUTES_RELOAD", "false");
        // As in BridgeRunner: tests that need the circuit breaker turn it on; the others expect a target that keeps
        // failing to end on the dead-letter queue.
        env.put("BRIDGE_DELIVERY_CIRCUIT_FAILURES", "0");
        return builder;
    }

    /**
     * Starts it with its data in {@code data/} of the work directory (where a {@link BridgeRunner} on that directory
     * finds it), its output in {@code bridge.log} there, and these variables besides.
     */
    public static Process start(Path work, int httpPort, int managementPort, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = builder(work.resolve("data"), httpPort, managementPort)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("bridge.log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }
}
