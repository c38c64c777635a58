package io.webhookbridge.ingress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.RawHttp;
import io.webhookbridge.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound on request-body bytes held across all connections, against the real bridge: partial bodies that would
 * take it over the bound are refused with a retryable 503 and their connection closed, and every byte is released
 * again, so that signed webhooks are taken once the partial bodies are gone.
 */
class BufferedBytesBoundTest {

    static final int BOUND = 100_000;
    /** Three of these fit under the bound, with less room left than a signed webhook needs. */
    static final int PARTIAL = 33_300;

    @TempDir
    Path work;

    @Test
    void partialBodiesOverTheBoundAreRefusedAndAllBytesAreReleased() throws Exception {
        ExecutorService readers = Executors.newCachedThreadPool();
        List<RawHttp> held = new ArrayList<>();
        try (BridgeRunner bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "jms:queue:bounded.inbound")
                .property("bridge.http.max-buffered-bytes", String.valueOf(BOUND))
                // Longer than this test: here the senders, not the deadline, end the partial bodies.
                .property("bridge.http.receive-timeout-ms", "120000")
                .start()) {
            WebhookHttpEngine engine = bridge.context().hasService(WebhookHttpEngine.class);
            int port = bridge.url("/").getPort();
            String head = RawHttp.head("POST", "/webhooks/inbound-message", "Content-Type: application/json",
                    "Content-Length: " + (PARTIAL + 1000));

            // One after the other, each once the bridge holds its bytes or has refused it.
            List<String> refusals = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawHttp sender = RawHttp.connect("127.0.0.4", port);
                CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return sender.readUntilClosed();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, readers);
                sender.send(head).send("x".repeat(PARTIAL));
                long expected = (long) held.size() * PARTIAL + PARTIAL;
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.bufferedBytes() == expected || answer.isDone());
                if (answer.isDone()) {
                    refusals.add(answer.get());
                    sender.close();
                } else {
                    held.add(sender);
                }
            }
            assertEquals(3, held.size(), "partial bodies held");
            assertEquals(2, refusals.size());
            for (String refusal : refusals) {
                assertTrue(refusal.startsWith("HTTP/1.1 503 "), refusal);
                assertTrue(refusal.contains("\r\nRetry-After: 5\r\n"), refusal);
                assertTrue(refusal.endsWith("\r\n\r\n{\"error\":\"overloaded\",\"reason\":\"too many request bytes being received\"}"),
                        refusal);
            }
            assertEquals(3L * PARTIAL, engine.bufferedBytes(), "a refused body's bytes are released");

            // The bound is for everyone: a signed webhook does not fit either while the partial bodies are held.
            String body = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString());
            assertEquals(503, bridge.postSigned("/webhooks/inbound-message", body).statusCode());

            for (RawHttp sender : held) {
                sender.close();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> engine.bufferedBytes() == 0);
            var accepted = bridge.postSigned("/webhooks/inbound-message", body);
            assertEquals(200, accepted.statusCode(), accepted.body());
        } finally {
            for (RawHttp sender : held) {
                sender.close();
            }
            readers.shutdownNow();
            readers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
