package io.webhookbridge.bus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bus password stays in the configuration: the local journal never holds it. */
class BusPasswordOnDiskTest {

    private static final String PASSWORD = "BusPassw0rdOnDisk";

    @TempDir
    Path work;

    @Test
    void theBusPasswordIsNotInTheDataDirectory() throws Exception {
        // No bus needs to run: the forwarding bridges are deployed (and retry) whether or not it answers.
        for (int start = 0; start < 2; start++) {
            try (BridgeRunner bridge = new BridgeRunner(work)
                    .property("bridge.bus.url", "tcp://127.0.0.1:" + FreePorts.next())
                    .property("bridge.bus.user", "bus-user")
                    .property("bridge.bus.password", PASSWORD)
                    .property("bridge.target.inbound", "jms:queue:p.inbound")
                    .start()) {
                assertTrue(BusBridges.forwarding(bridge).bridges().size() >= 1);
            }
            assertNoPasswordIn(work.resolve("data"));
        }
    }

    private static void assertNoPasswordIn(Path dataDir) throws Exception {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    byte[] bytes = Files.readAllBytes(file);
                    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
                    // Artemis writes strings as UTF-16 or as simple bytes; look for both.
                    String utf16 = new String(bytes, StandardCharsets.UTF_16LE);
                    String utf16Odd = bytes.length > 1 ? new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16LE) : "";
                    assertFalse(latin1.contains(PASSWORD) || utf16.contains(PASSWORD) || utf16Odd.contains(PASSWORD),
                            file.toString());
                }
            }
        }
    }
}
