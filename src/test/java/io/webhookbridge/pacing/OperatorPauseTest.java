package io.webhookbridge.pacing;

import java.nio.file.Path;
import java.time.Duration;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import io.webhookbridge.dispatch.TargetUri;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator who pauses a target while its circuit is open keeps it paused: the cool-down's end does not resume it and
 * no probe reaches the target until the operator resumes it.
 */
class OperatorPauseTest {

    private static final int EVENTS = 3;

    @TempDir
    Path work;

    @Test
    void theCircuitNeverResumesAQueueAnOperatorPaused() throws Exception {
        boolean[] down = {true};
        try (PacedTarget target = new PacedTarget().script((body, attempt) ->
                        new PacedTarget.Answer(down[0] ? 500 : 200, null));
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.circuit-failures", "2")
                        .property("bridge.delivery.circuit-cooldown-seconds", "1").start()) {
            TargetUri uri = new TargetUri(target.url());
            String queueName = GoneTargetTest.targetRow(bridge, uri).path("queue").asText();
            Circuits.postInbound(bridge, EVENTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> Circuits.open(bridge, uri) == 1);
            Queue queue = bridge.broker().server().locateQueue(SimpleString.of(queueName));
            // As `targets pause` does: a persisted pause.
            queue.pause(true);
            int attempts = target.arrivals().size();

            // Several cool-downs pass: the queue stays paused and no probe goes out.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                    .until(() -> queue.isPaused() && target.arrivals().size() == attempts);
            assertTrue(queue.isPersistedPause());

            down[0] = false;
            queue.resume();
            await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered().size() == EVENTS);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Circuits.open(bridge, uri) == 0);
            assertTrue(Queues.browse("bridge.dlq").isEmpty());
        }
    }
}
