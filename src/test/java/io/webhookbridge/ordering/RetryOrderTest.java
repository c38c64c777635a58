package io.webhookbridge.ordering;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A retried delivery keeps its place in its message's line: the message's later events wait behind it, while other
 * messages go on, so the target still receives every message's statuses in arrival order
 * (docs/targets.md#order-per-message). An event parked after its last attempt frees its place.
 */
class RetryOrderTest {

    private static final int MESSAGES = 24;
    private static final List<String> STATUSES = List.of("submitted", "delivered", "read");

    @TempDir
    Path work;

    @Test
    void aRetriedStatusIsNotOvertakenByTheLaterOnesOfItsMessage() throws Exception {
        Map<String, List<String>> plan = plan(7);
        try (StatusRecorder http = new StatusRecorder().failFirstAttemptOf("submitted");
             BridgeRunner bridge = new BridgeRunner(work)
                     .property("bridge.target.status", http.url("/status"))
                     // The circuit breaker is another test's subject: here every failure is an ordinary retry.
                     .property("bridge.delivery.circuit-failures", "0")
                     .start()) {
            Statuses.post(bridge, plan, 7);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.total() >= STATUSES.size() * MESSAGES);
            for (String uuid : plan.keySet()) {
                assertEquals(STATUSES, http.of(uuid).stream().map(StatusRecorder.Received::status).toList(),
                        "a message's statuses in arrival order, although its first was retried");
            }
            MeterRegistry meters = meters(bridge);
            await().atMost(Duration.ofSeconds(10)).until(() -> held(meters) == 0);
            assertEquals(STATUSES.size() * MESSAGES, http.total(), "each status delivered once");
        }
    }

    @Test
    void anEventParkedAfterItsLastAttemptLetsTheRestOfItsMessageGo() throws Exception {
        Map<String, List<String>> plan = plan(11);
        try (StatusRecorder http = new StatusRecorder().refuseAlways("submitted");
             BridgeRunner bridge = new BridgeRunner(work)
                     .property("bridge.target.status", http.url("/status"))
                     .property("bridge.delivery.circuit-failures", "0")
                     .property("bridge.delivery.max-redeliveries", "2")
                     .property("bridge.delivery.initial-delay-ms", "200")
                     .start()) {
            Statuses.post(bridge, plan, 11);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.total() >= 2 * MESSAGES);
            for (String uuid : plan.keySet()) {
                assertEquals(STATUSES.subList(1, 3), http.of(uuid).stream().map(StatusRecorder.Received::status).toList());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> Queues.browse("bridge.dlq").size() == MESSAGES);
            assertEquals(3 * MESSAGES, http.refused(), "each refused status tried 3 times, then parked");
            await().atMost(Duration.ofSeconds(10)).until(() -> held(meters(bridge)) == 0);
        }
    }

    @Test
    void aTargetDownForAWhileStillGetsEveryMessageInOrder() throws Exception {
        Map<String, List<String>> plan = plan(13);
        try (StatusRecorder http = new StatusRecorder().down(true);
             BridgeRunner bridge = new BridgeRunner(work)
                     .property("bridge.target.status", http.url("/status"))
                     // Retry-After, then the open circuit, hold the events; none may use up its attempts.
                     .property("bridge.delivery.circuit-failures", "3")
                     .property("bridge.delivery.circuit-cooldown-seconds", "1")
                     .property("bridge.delivery.max-redeliveries", "3")
                     .property("bridge.delivery.initial-delay-ms", "200")
                     // Far shorter than the outage: the lines must not give up on heads that wait behind a paused queue.
                     .property("bridge.ordering.hold-stall-seconds", "2")
                     .start()) {
            Statuses.post(bridge, plan, 13);
            long posted = System.currentTimeMillis();
            MeterRegistry meters = meters(bridge);
            await().atMost(Duration.ofSeconds(20)).until(() -> held(meters) > 0);
            // Down for 4 s more: every event goes back on the queue several times meanwhile (Retry-After, circuit).
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            http.down(false);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.total() >= STATUSES.size() * MESSAGES);
            for (String uuid : plan.keySet()) {
                assertEquals(STATUSES, http.of(uuid).stream().map(StatusRecorder.Received::status).toList());
            }
            assertEquals(0, Queues.browse("bridge.dlq").size(), "no event used up its attempts");
            // Each went back on its queue as a new copy; its latency still counts from when it was first stored.
            long downFor = System.currentTimeMillis() - posted;
            assertTrue(meters.get("bridge.target.delivery.latency").timer().max(TimeUnit.MILLISECONDS) >= 4000,
                    "latency from when the event was first stored, the target down for " + downFor + " ms");
            await().atMost(Duration.ofSeconds(10)).until(() -> held(meters) == 0);
        }
    }

    private static Map<String, List<String>> plan(long seed) {
        Random random = new Random(seed);
        Map<String, List<String>> plan = new LinkedHashMap<>();
        for (int i = 0; i < MESSAGES; i++) {
            plan.put(new UUID(random.nextLong(), random.nextLong()).toString(), STATUSES);
        }
        return plan;
    }

    private static MeterRegistry meters(BridgeRunner bridge) {
        return bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
    }

    private static double held(MeterRegistry meters) {
        return meters.find("bridge.target.held.messages").gauges().stream().mapToDouble(Gauge::value).sum();
    }
}
