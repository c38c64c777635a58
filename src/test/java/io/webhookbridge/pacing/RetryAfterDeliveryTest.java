package io.webhookbridge.pacing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import io.webhookbridge.Samples;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target answering 429 or 503 with Retry-After gets the event's next attempt no sooner than it asked, whatever the
 * broker's (much shorter) backoff; the attempt still counts, so a target that always asks to wait ends with the event on
 * the dead-letter queue.
 */
class RetryAfterDeliveryTest {

    /**
     * The bridge and the target share a clock here; this allows for the millisecond rounding of both. (Retry-After is
     * capped at bridge.delivery.max-delay-ms, which the test runner sets to 400 ms: these tests raise it.)
     */
    private static final long TOLERANCE_MS = 50;

    @TempDir
    Path work;

    @Test
    void theNextAttemptComesNoSoonerThanRetryAfterAndTheEventIsDeliveredOnce() throws Exception {
        try (PacedTarget target = new PacedTarget().script((body, attempt) ->
                attempt == 1 ? new PacedTarget.Answer(429, "3") : new PacedTarget.Answer(200, null));
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.max-delay-ms", "10000").start()) {
            String body = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());

            await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered().size() == 1);
            // Once: no second copy follows.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> target.arrivals().size() == 2);
            List<PacedTarget.Arrival> arrivals = target.arrivals();
            assertEquals(429, arrivals.get(0).status());
            long waited = arrivals.get(1).at() - arrivals.get(0).at();
            assertTrue(waited >= 3000 - TOLERANCE_MS, "next attempt after " + waited + " ms");
            assertEquals(body, arrivals.get(1).body());
            // The rescheduled event kept its properties.
            assertEquals(arrivals.get(0).headers().get("bridgeEventId"), arrivals.get(1).headers().get("bridgeEventId"));
            assertEquals(List.of("inbound-message"), arrivals.get(1).headers().get("vonageKind"));
            assertTrue(Queues.browse("bridge.dlq").isEmpty());
        }
    }

    @Test
    void aTargetThatAlwaysAsksToWaitEndsWithTheEventDeadLettered() throws Exception {
        try (PacedTarget target = new PacedTarget().script((body, attempt) -> new PacedTarget.Answer(503, "1"));
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.max-redeliveries", "2").property("bridge.delivery.max-delay-ms", "10000")
                        .start()) {
            String body = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());

            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse("bridge.dlq").size() == 1);
            Message parked = Queues.browse("bridge.dlq").get(0);
            assertTrue(Queues.property(parked, "bridgeFailureReason").contains("503"),
                    Queues.property(parked, "bridgeFailureReason"));
            assertEquals(null, Queues.property(parked, "bridgePriorAttempts"));
            // Three attempts (max-redeliveries 2), each at least the Retry-After second after the one before.
            List<PacedTarget.Arrival> arrivals = target.arrivals();
            assertEquals(3, arrivals.size());
            for (int i = 1; i < arrivals.size(); i++) {
                long waited = arrivals.get(i).at() - arrivals.get(i - 1).at();
                assertTrue(waited >= 1000 - TOLERANCE_MS, "attempt " + (i + 1) + " after " + waited + " ms");
            }
        }
    }
}
