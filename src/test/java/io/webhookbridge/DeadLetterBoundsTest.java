package io.webhookbridge;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.webhookbridge.broker.EmbeddedBroker;
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
        assertEquals(400, bridge.postSigned("/webhooks/inbound-message", first).statusCode());
        // A replay of the same signed body adds nothing (and is not refused for want of room: it is already kept).
        assertEquals(400, bridge.postSigned("/webhooks/inbound-message", first).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("bridge.dlq") == 1);

        // The queue is past its bound (1 byte): another body is not kept, and Vonage is told to retry it later.
        HttpResponse<String> full = bridge.postSigned("/webhooks/inbound-message", second);
        assertEquals(503, full.statusCode(), full.body());
        assertTrue(full.body().contains("not_stored"), full.body());
        assertEquals(1, broker.messageCount("bridge.dlq"));

        // After its 2 s the entry expires and is dropped, not moved to the expiry queue; then there is room again.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Queues.drain("bridge.dlq");
            return broker.messageCount("bridge.dlq") == 0;
        });
        assertEquals(0, broker.messageCount("bridge.expiry"));
        assertEquals(400, bridge.postSigned("/webhooks/inbound-message", second).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("bridge.dlq") == 1);
    }
}
