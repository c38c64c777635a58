package io.webhookbridge.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.LogCapture;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong bus credentials: one clear ERROR line at start-up naming the variables to fix (never the password), and
 * the bridge keeps accepting webhooks into its local journal, reporting the bus DOWN with the backlog, and forwards
 * them once the bus accepts the credentials.
 */
class BusCredentialsTest {

    @TempDir
    Path work;

    @Test
    void wrongCredentialsAreReportedAtStartUpAndWebhooksAreStillAcceptedLocally() throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start(); LogCapture logs = new LogCapture();
             BridgeRunner bridge = BusBridges.on(bus, work).property("bridge.bus.password", wrongPassword)
                     .property("bridge.target.inbound", "jms:queue:bus.creds").start()) {
            List<String> errors = logs.lines().stream()
                    .filter(l -> l.startsWith("ERROR io.webhookbridge.bus.BusForwarding")).toList();
            assertEquals(1, errors.size(), String.join("\n", logs.lines()));
            assertTrue(errors.get(0).contains("refused user 'bus-user'") && errors.get(0).contains("BRIDGE_BUS_PASSWORD"),
                    errors.get(0));

            String uuid = UUID.randomUUID().toString();
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", uuid)).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> BusBridges.forwarding(bridge).backlog() == 1);
            assertEquals(200, bridge.readyStatus());
            var health = bridge.health();
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("the bus refused user 'bus-user'") && health.body().contains("\"backlog\":1"),
                    health.body());
            // Nothing reaches the bus while the credentials are refused: the event is still on the local backlog.
            assertEquals(1, BusBridges.forwarding(bridge).backlog());

            // Fixed on the bus side (it now accepts that password): the backlog drains without restarting the bridge.
            bus.changePassword(wrongPassword);
            List<jakarta.jms.Message> arrived = new java.util.ArrayList<>();
            // (the bus reloads its users file within a few seconds; until then it refuses this consumer too)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                arrived.addAll(bus.drainAs(wrongPassword, "bus.creds"));
                return !arrived.isEmpty();
            });
            assertEquals(List.of(uuid), BusBridges.uuids(arrived));
            await().atMost(Duration.ofSeconds(10)).until(() -> bridge.health().statusCode() == 200);

            // Still only the one start-up ERROR from the bridge itself, and the password appears in no log line.
            assertEquals(1, logs.lines().stream().filter(l -> l.startsWith("ERROR io.webhookbridge.bus")).count());
            assertTrue(logs.lines().stream().noneMatch(l -> l.contains(wrongPassword)),
                    "a log line carries the bus password");
            assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("INFO io.webhookbridge.StartSequence")),
                    "the capture saw the bridge's logs");
        }
    }
}
