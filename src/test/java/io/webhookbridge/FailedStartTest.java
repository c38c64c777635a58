package io.webhookbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start that fails ends the process with status 1 and says why, instead of leaving a JVM that serves nothing. */
class FailedStartTest {

    @TempDir
    Path work;

    @Test
    void aStartWithoutASignatureSecretExitsWithStatusOneAndItsReason() throws Exception {
        ProcessBuilder builder = BridgeProcess.builder(work.resolve("data"), FreePorts.next(), FreePorts.next())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("bridge.log").toFile());
        builder.environment().remove("VONAGE_SIGNATURE_SECRET");
        Process bridge = builder.start();
        try {
            assertTrue(bridge.waitFor(90, TimeUnit.SECONDS), "the failed start ends the process");
            assertEquals(1, bridge.exitValue());
            String output = Files.readString(work.resolve("bridge.log"));
            assertTrue(output.contains("webhook-bridge did not start: No Vonage signature secret configured"), output);
        } finally {
            bridge.destroyForcibly();
        }
    }
}
