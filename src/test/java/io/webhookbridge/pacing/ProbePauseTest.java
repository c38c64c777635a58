package io.webhookbridge.pacing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import io.webhookbridge.dispatch.TargetUri;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the one probe of a half-open circuit is under way, the target's queue is paused again (not persisted, so not
 * taken for an operator's pause): the backlog waits in the queue instead of going round it once per hold delay. The
 * probe's success resumes the queue; its failure keeps it paused for another cool-down. Every event is delivered once.
 */
class ProbePauseTest {

    private static final int EVENTS = 10;

    @TempDir
    Path work;

    @Test
    void theBacklogWaitsInThePausedQueueWhileTheProbeIsUnderWayAndFlowsWhenItSucceeds() throws Exception {
        holdTheProbe(true);
    }

    @Test
    void theQueueStaysPausedWhenTheProbeFails() throws Exception {
        holdTheProbe(false);
    }

    private void holdTheProbe(boolean probeSucceeds) throws Exception {
        try (HeldTarget target = new HeldTarget();
                // Four consumers and a 100 ms hold delay: without the pause, the three consumers not busy with the
                // probe would send the backlog round the queue several times a second.
                BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.url())
                        .property("bridge.delivery.concurrent-consumers", "4")
                        .property("bridge.delivery.initial-delay-ms", "100")
                        .property("bridge.delivery.max-delay-ms", "200")
                        .property("bridge.delivery.circuit-failures", "2")
                        // Long enough for the probe to be held well inside it (an overdue probe is given up).
                        .property("bridge.delivery.circuit-cooldown-seconds", "6").start()) {
            TargetUri uri = new TargetUri(target.url());
            String queueName = GoneTargetTest.targetRow(bridge, uri).path("queue").asText();
            List<String> bodies = Circuits.postInbound(bridge, EVENTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> Circuits.open(bridge, uri) == 1);
            Queue queue = bridge.broker().server().locateQueue(SimpleString.of(queueName));
            // The attempts already on their way when the circuit opened have been answered; the next one is the probe.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> queue.isPaused() && target.inFlight() == 0);
            int beforeProbe = target.arrivals().size();
            target.holdNext();

            assertTrue(target.probeArrived.await(15, TimeUnit.SECONDS), "no probe after the cool-down");
            // The probe paused the queue again, as the circuit does (not persisted), and nothing else reached the target.
            await().atMost(Duration.ofSeconds(2)).until(queue::isPaused);
            assertFalse(queue.isPersistedPause(), "the circuit's pause is not an operator's");
            long[] added = {queue.getMessagesAdded()};
            // Prefetched events taken before the pause go back to the queue once each; then nothing goes round.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() -> {
                long now = queue.getMessagesAdded();
                boolean flat = now == added[0];
                added[0] = now;
                return flat;
            });
            assertTrue(queue.isPaused());
            assertEquals(beforeProbe + 1, target.arrivals().size(), "only the probe reached the target");

            target.releaseProbe(probeSucceeds);
            if (!probeSucceeds) {
                // Open again: the queue stays paused by the circuit and nothing reaches the target during the cool-down.
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> queue.isPaused()
                        && !queue.isPersistedPause() && target.arrivals().size() == beforeProbe + 1
                        && Circuits.open(bridge, uri) == 1);
                // The next cool-down ends with a probe that succeeds.
                target.up();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> target.delivered().size() >= EVENTS);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> GoneTargetTest.targetRow(bridge, uri).path("waiting").asLong() == 0);
            assertEquals(bodies.stream().sorted().toList(), target.delivered().stream().sorted().toList());
            assertFalse(queue.isPaused(), "the probe's success resumes the queue");
            assertEquals(0, Circuits.open(bridge, uri));
            assertTrue(Queues.browse("bridge.dlq").isEmpty());
        }
    }

    /**
     * A real HTTP target, down (500) until a test says it is up; the request after {@link #holdNext} waits until the
     * test releases it.
     */
    private static final class HeldTarget implements AutoCloseable {

        final CountDownLatch probeArrived = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private final List<String> arrivals = new CopyOnWriteArrayList<>();
        private final List<String> delivered = new CopyOnWriteArrayList<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean up;
        private final HttpServer server;

        HeldTarget() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                inFlight.incrementAndGet();
                try {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    arrivals.add(body);
                    if (holdNext.compareAndSet(true, false)) {
                        probeArrived.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    int status = up ? 200 : 500;
                    if (status == 200) {
                        delivered.add(body);
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void holdNext() {
            holdNext.set(true);
        }

        /** Answers the held request, 200 if {@code up} (and every request from then on), else 500. */
        void releaseProbe(boolean up) {
            this.up = up;
            release.countDown();
        }

        void up() {
            up = true;
        }

        int inFlight() {
            return inFlight.get();
        }

        List<String> arrivals() {
            return arrivals;
        }

        List<String> delivered() {
            return delivered;
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }
}
