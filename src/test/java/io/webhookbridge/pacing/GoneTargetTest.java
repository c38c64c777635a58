package io.webhookbridge.pacing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.LogCapture;
import io.webhookbridge.Queues;
import io.webhookbridge.Samples;
import io.webhookbridge.dispatch.TargetUri;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target answering 410 Gone: the event is dead-lettered at once (no retries) with the reason, the target is paused
 * as an operator would pause it, an ERROR line says how to resume it, and the target's other events wait.
 */
class GoneTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void goneParksTheEventPausesTheTargetAndSaysHowToResume() throws Exception {
        try (LogCapture log = new LogCapture();
                PacedTarget target = new PacedTarget().script((body, attempt) -> new PacedTarget.Answer(410, null));
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.max-redeliveries", "5").start()) {
            TargetUri uri = new TargetUri(target.url());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                    Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());

            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse("bridge.dlq").size() == 1);
            Message parked = Queues.browse("bridge.dlq").get(0);
            assertTrue(Queues.property(parked, "bridgeFailureReason").contains("410"),
                    Queues.property(parked, "bridgeFailureReason"));
            assertEquals(uri.id(), Queues.property(parked, "bridgeTargetId"));
            assertEquals(1, target.arrivals().size(), "no retry after 410");

            JsonNode row = targetRow(bridge, uri);
            assertTrue(row.path("paused").asBoolean(), row.toString());
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("ERROR") && line.contains("410 Gone")
                    && line.contains(uri.masked()) && line.contains("targets resume " + uri.id())), String.join("\n", log.lines()));

            // The target's other events wait on disk.
            for (int i = 0; i < 3; i++) {
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                        Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> targetRow(bridge, uri).path("waiting").asLong() == 3);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> target.arrivals().size() == 1);
            assertEquals(1, Queues.browse("bridge.dlq").size());
        }
    }

    static JsonNode targetRow(BridgeRunner bridge, TargetUri uri) throws Exception {
        var response = bridge.management("/admin/targets", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        JsonNode rows = body.isArray() ? body : body.path("targets");
        for (JsonNode row : rows) {
            if (uri.id().equals(row.path("id").asText())) {
                return row;
            }
        }
        throw new AssertionError("no target " + uri.id() + " in " + response.body());
    }
}
