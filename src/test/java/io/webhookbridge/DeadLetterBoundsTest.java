package io.webhookbridge;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.webhookbridge.broker.EmbeddedBroker;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed webhooks refused for their content are kept on the dead-letter queue, but never without bound: once per
 * body, for a limited time, and only while the queue is under its size bound.
 */
class DeadLetterBoundsTest {

    @TempDir
    static Path work;
    static BridgeRunner bridge;
    static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        bridge = new BridgeRunner(work)
                .property("bridge.dead-letter.rejected-max-age", "2")
                .property("bridge.dead-letter.rejected-max-bytes", "1")
                .start();
        broker = bridge.context().getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class);
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    @Test
    void aRefusedBodyIsKeptOnceForALimitedTimeAndOnlyWhileThereIsRoom() throws Exception {
        String first = "[\"first\"]";
        String second = "[\"second\"]";
        long posted = System.currentTimeMillis();
        assertEquals(400, bridge.postSigned("/webhooks/inbound-message", first).statusCode());
        // A replay of the same signed body adds nothing (and is not refused for want of room: it is already kept).
        assertEquals(400, bridge.postSigned("/webhooks/inbound-message", first).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("bridge.dlq") == 1);

        // The queue is past its bound (1 byte): another body is not kept, and Vonage is told to retry it later.
        HttpResponse<String> full = bridge.postSigned("/webhooks/inbound-message", second);
        assertEquals(503, full.statusCode(), full.body());
        assertTrue(full.body().contains("not_stored"), full.body());
        // Browsed, not counted: a count could still miss an entry the broker has not yet added to the queue.
        List<Message> kept = Queues.browse("bridge.dlq");
        assertEquals(List.of(first), kept.stream().map(Queues::text).toList());

        // Kept for its 2 s: once they are over, a consumer is not given the entry (it is dropped, not moved to the
        // expiry queue), and there is room again.
        long expiresAt = kept.get(0).getJMSExpiration();
        assertTrue(expiresAt >= posted + 2000 && expiresAt <= System.currentTimeMillis() + 2000, "expires at " + expiresAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > expiresAt);
        assertEquals(List.of(), Queues.drain("bridge.dlq"));
        assertEquals(0, broker.messageCount("bridge.dlq"));
        assertEquals(0, broker.messageCount("bridge.expiry"));
        assertEquals(400, bridge.postSigned("/webhooks/inbound-message", second).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("bridge.dlq") == 1);
    }
}
