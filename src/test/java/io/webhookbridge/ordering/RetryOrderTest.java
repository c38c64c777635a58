package io.webhookbridge.ordering;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.BridgeRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A retried delivery leaves the group's order: the broker sets the failed event aside for its redelivery delay and the
 * message's later events go on (docs/targets.md#order-per-message). With BRIDGE_DROP_STALE_STATUS=true a status that
 * comes back after a later one reached the target is dropped, so the target still never sees a rank go backwards.
 */
class RetryOrderTest {

    private static final int MESSAGES = 24;

    @TempDir
    Path work;

    @Test
    void aRetriedStatusOvertakenByALaterOneIsDropped() throws Exception {
        Random random = new Random(7);
        Map<String, List<String>> plan = new LinkedHashMap<>();
        for (int i = 0; i < MESSAGES; i++) {
            plan.put(new UUID(random.nextLong(), random.nextLong()).toString(), List.of("submitted", "delivered", "read"));
        }
        try (StatusRecorder http = new StatusRecorder().failFirstAttemptOf("submitted");
             BridgeRunner bridge = new BridgeRunner(work)
                     .property("bridge.ordering.drop-stale-status", "true")
                     .property("bridge.target.status", http.url("/status"))
                     // The circuit breaker is another test's subject: here every failure is an ordinary retry.
                     .property("bridge.delivery.circuit-failures", "0")
                     .start()) {
            Statuses.post(bridge, plan, 7);

            MeterRegistry meters = bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
            // Every status either reached the target or was dropped.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.total() + dropped(meters) >= 3 * MESSAGES);
            int delivered = 0;
            for (String uuid : plan.keySet()) {
                List<Integer> ranks = new ArrayList<>();
                http.of(uuid).forEach(r -> ranks.add(r.rank()));
                for (int i = 1; i < ranks.size(); i++) {
                    assertTrue(ranks.get(i - 1) <= ranks.get(i), "ranks went backwards for a message: " + ranks);
                }
                List<String> statuses = http.of(uuid).stream().map(StatusRecorder.Received::status).toList();
                assertEquals("read", statuses.get(statuses.size() - 1), "the last status reached the target: " + statuses);
                delivered += ranks.size();
            }
            assertEquals(3 * MESSAGES - delivered, (int) dropped(meters), "each overtaken status is counted once");
            assertTrue(delivered < 3 * MESSAGES, "some retried statuses were overtaken");
        }
    }

    private static double dropped(MeterRegistry meters) {
        return meters.find("bridge.target.stale.dropped").counters().stream().mapToDouble(Counter::count).sum();
    }
}
