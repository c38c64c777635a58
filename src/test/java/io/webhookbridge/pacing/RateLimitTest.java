package io.webhookbridge.pacing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bridge.delivery.rate-limit 5: whatever the four concurrent consumers, a target gets about 5 events a second, so 20
 * events arrive spread over at least 3 s (5 at once, then 5 more each second).
 */
class RateLimitTest {

    private static final int EVENTS = 20;

    @TempDir
    Path work;

    @Test
    void twentyEventsAtFivePerSecondSpreadOverThreeSeconds() throws Exception {
        try (PacedTarget target = new PacedTarget();
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.rate-limit", "5").start()) {
            for (int i = 0; i < EVENTS; i++) {
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                        Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered().size() >= EVENTS);
            List<Long> at = target.delivered().stream().map(PacedTarget.Arrival::at).sorted().toList();
            long spread = at.get(at.size() - 1) - at.get(0);
            // 15 events after the first 5 wait for three more periods of a second; 100 ms for the clock's rounding.
            assertTrue(spread >= 2900, "20 events arrived within " + spread + " ms");
        }
    }

    /**
     * A target's own limit (bridge.target.<name>.rate-limit) applies to that target only: the status target, limited
     * to 5/s, spreads 20 events over three seconds, while the inbound target, without a limit, takes its 20 at once.
     */
    @Test
    void aTargetsOwnLimitPacesThatTargetOnly() throws Exception {
        try (PacedTarget limited = new PacedTarget();
                PacedTarget free = new PacedTarget();
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", free.url())
                        .property("bridge.target.status", limited.url())
                        .property("bridge.target.status.rate-limit", "5").start()) {
            for (int i = 0; i < EVENTS; i++) {
                assertEquals(200, bridge.postSigned("/webhooks/message-status",
                        Samples.withUuid("status-whatsapp-delivered", UUID.randomUUID().toString())).statusCode());
            }
            for (int i = 0; i < EVENTS; i++) {
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                        Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> limited.delivered().size() >= EVENTS
                    && free.delivered().size() >= EVENTS);
            assertTrue(spread(limited) >= 2900, "20 events arrived within " + spread(limited) + " ms");
            assertTrue(spread(free) < spread(limited), "the unlimited target was paced too: " + spread(free) + " ms");
        }
    }

    private static long spread(PacedTarget target) {
        List<Long> at = target.delivered().stream().map(PacedTarget.Arrival::at).sorted().toList();
        return at.get(at.size() - 1) - at.get(0);
    }
}
