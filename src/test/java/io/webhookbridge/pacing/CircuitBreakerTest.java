package io.webhookbridge.pacing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.LogCapture;
import io.webhookbridge.Queues;
import io.webhookbridge.Samples;
import io.webhookbridge.dispatch.TargetUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target down for far longer than the retries of its events last (3 redeliveries, 200 ms then 400 ms: about a
 * second): its circuit opens, the events wait behind the paused queue without burning their retries, one delivery
 * probes the target after each cool-down, and once it is back every event is delivered once and none is dead-lettered.
 */
class CircuitBreakerTest {

    private static final int EVENTS = 20;

    @TempDir
    Path work;

    @Test
    void eventsWaitingBehindAnOpenCircuitKeepTheirRetries() throws Exception {
        boolean[] down = {true};
        try (LogCapture log = new LogCapture();
                PacedTarget target = new PacedTarget().script((body, attempt) ->
                        new PacedTarget.Answer(down[0] ? 500 : 200, null));
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.max-redeliveries", "3")
                        .property("bridge.delivery.initial-delay-ms", "200")
                        .property("bridge.delivery.max-delay-ms", "400")
                        .property("bridge.delivery.circuit-failures", "5")
                        .property("bridge.delivery.circuit-cooldown-seconds", "1").start()) {
            TargetUri uri = new TargetUri(target.url());
            List<String> bodies = Circuits.postInbound(bridge, EVENTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> Circuits.open(bridge, uri) == 1);
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("Circuit for target "
                    + uri.masked() + " opened")), String.join("\n", log.lines()));

            // Down for several cool-downs, each ending with one probe, and far longer than the events' retries last.
            long downUntil = System.currentTimeMillis() + 6000;
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= downUntil);
            long attemptsWhileDown = target.arrivals().size();
            down[0] = false;

            await().atMost(Duration.ofSeconds(60)).until(() -> target.delivered().size() >= EVENTS);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> GoneTargetTest.targetRow(bridge, uri).path("waiting").asLong() == 0);
            assertEquals(bodies.stream().sorted().toList(),
                    target.delivered().stream().map(PacedTarget.Arrival::body).sorted().toList());
            assertTrue(Queues.browse("bridge.dlq").isEmpty(), "dead-lettered while the circuit was open");
            assertEquals(0, Circuits.open(bridge, uri));
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("INFO") && line.contains("Circuit for target "
                    + uri.masked() + " closed")));
            // The open circuit held the events back: far fewer attempts than 20 events x 4 attempts.
            assertTrue(attemptsWhileDown < 2 * EVENTS, attemptsWhileDown + " attempts while down");
            assertFalse(GoneTargetTest.targetRow(bridge, uri).path("paused").asBoolean());
        }
    }

    /**
     * An event the target refuses (422) while it takes the others never opens the circuit: it uses its attempts and is
     * parked, and the events after it are delivered. Were the refusal taken for the target being down, the circuit would
     * open and the refused event would probe it forever, never parked.
     */
    @Test
    void anEventTheTargetRefusesIsParkedWithoutOpeningTheCircuit() throws Exception {
        String refused = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
        try (PacedTarget target = new PacedTarget().script((body, attempt) ->
                        new PacedTarget.Answer(body.equals(refused) ? 422 : 200, null));
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.max-redeliveries", "3")
                        .property("bridge.delivery.initial-delay-ms", "100")
                        .property("bridge.delivery.max-delay-ms", "200")
                        .property("bridge.delivery.circuit-failures", "2")
                        .property("bridge.delivery.circuit-cooldown-seconds", "1").start()) {
            TargetUri uri = new TargetUri(target.url());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", refused).statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse("bridge.dlq").size() == 1);
            assertEquals(4, target.arrivals().stream().filter(a -> a.body().equals(refused)).count(),
                    "1 attempt and 3 redeliveries");
            String other = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", other).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> target.delivered().stream()
                    .anyMatch(a -> a.body().equals(other)));
            assertEquals(0, Circuits.open(bridge, uri));
        }
    }
}
