package io.webhookbridge.admin;

import java.util.List;
import java.util.Map;

import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A filter is built from checked values only: a parameter can narrow it, never rewrite it. */
class DeadLetterFilterTest {

    private static final List<DeliveryTarget> TARGETS = List.of(
            new DeliveryTarget("http-hooks.example.com-ab12", "https://hooks.example.com/it's", "http", "bridge.deliver.x", true),
            // The same URI with another secret: same masked name, another id.
            new DeliveryTarget("http-hooks.example.com-cd34", "https://hooks.example.com/it's", "http", "bridge.deliver.y", true));

    private static DeadLetterFilter filter(Map<String, String> parameters) {
        return DeadLetterFilter.from(parameters::get, TARGETS);
    }

    @Test
    void theAcceptedValuesBecomeConditions() {
        DeadLetterFilter filter = filter(Map.of("target", "http-hooks.example.com-ab12", "reason", "statusCode: 500",
                "kind", "message-status", "channel", "whatsapp", "status", "rejected", "stage", "delivery",
                "since", "2026-12-05T10:00:00Z", "until", "1800000000000"));
        assertEquals("(bridgeTargetId IN ('http-hooks.example.com-ab12')) AND (bridgeFailureReason LIKE '%statusCode: 500%') "
                + "AND (vonageKind = 'message-status') AND (vonageChannel = 'whatsapp') AND (vonageStatus = 'rejected') "
                + "AND (bridgeFailedStage = 'delivery') AND (AMQTimestamp >= 1796464800000) AND (AMQTimestamp < 1800000000000)",
                filter.artemisFilter());
        assertEquals("http-hooks.example.com-ab12", filter.described().get("target"));
        assertNull(filter(Map.of()).artemisFilter());
        // A masked name selects every target that has it.
        assertEquals("(bridgeTargetId IN ('http-hooks.example.com-ab12', 'http-hooks.example.com-cd34'))",
                filter(Map.of("target", "https://hooks.example.com/it's")).artemisFilter());
    }

    @Test
    void anythingElseIsRefused() {
        for (Map<String, String> refused : List.of(Map.of("status", "x' OR '1'='1"), Map.of("channel", "a b"),
                Map.of("reason", "100%"), Map.of("reason", "it's"), Map.of("reason", "a_b"), Map.of("kind", "inbound"),
                Map.of("stage", "staging"), Map.of("target", "bridge.deliver.x"), Map.of("since", "yesterday"),
                Map.of("until", "2026-12-05"), Map.of("channel", "x".repeat(41)),
                // Blank is not absent: read as absent it would widen a purge.
                Map.of("target", ""), Map.of("kind", " "), Map.of("reason", ""), Map.of("since", ""),
                // Well-formed, but past what epoch milliseconds hold.
                Map.of("since", "+1000000000-01-01T00:00:00Z"), Map.of("until", "-1000000000-01-01T00:00:00Z"))) {
            assertThrows(IllegalArgumentException.class, () -> filter(refused), refused.toString());
        }
    }
}
