package io.webhookbridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bridge as its own process, as {@code java -jar} runs it from the project directory (config/, routes/), on the
 * test's classpath: for tests that kill it with -9. It logs to {@code bridge.log} in the work directory and keeps its
 * data in {@code data/} there, where a {@link BridgeRunner} on the same directory finds it.
 */
public final class BridgeProcess {

    private BridgeProcess() {
    }

    /** Starts it on these ports, with the test secret, no broker port, no route reloading and these variables. */
    public static Process start(Path work, int httpPort, int managementPort, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("bridge.log").toFile());
        builder.environment().put("VONAGE_SIGNATURE_SECRET", BridgeRunner.SECRET);
        builder.environment().put("BRIDGE_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("BRIDGE_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("BRIDGE_BROKER_PORT", "0");
        builder.environment().put("BRIDGE_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("BRIDGE_ROUTES_RELOAD", "false");
        builder.environment().putAll(environment);
        return builder.start();
    }
}
