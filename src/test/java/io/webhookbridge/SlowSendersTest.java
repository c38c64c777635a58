package io.webhookbridge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Senders that trickle their request a byte at a time, against the real bridge: the receive deadline closes their
 * connections although bytes keep coming, and while they hold connections, signed webhooks still get 200.
 */
class SlowSendersTest {

    static final int MAX_IN_FLIGHT = 4;

    @TempDir
    static Path work;
    static BridgeRunner bridge;
    static int port;

    private final List<RawHttp> senders = new CopyOnWriteArrayList<>();
    private final AtomicInteger trickleRounds = new AtomicInteger();
    private ScheduledExecutorService trickle;
    private ExecutorService readers;

    @BeforeAll
    static void start() throws Exception {
        bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "jms:queue:slow.inbound")
                .property("bridge.target.status", "jms:queue:slow.status")
                .property("bridge.http.max-in-flight", String.valueOf(MAX_IN_FLIGHT))
                .property("bridge.http.receive-timeout-ms", "3000")
                .start();
        port = bridge.url("/").getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    @BeforeEach
    void startTrickling() {
        readers = Executors.newCachedThreadPool();
        trickle = Executors.newSingleThreadScheduledExecutor();
        // One more byte on every connection every 200 ms: far inside any idle timeout.
        trickle.scheduleWithFixedDelay(() -> {
            for (RawHttp sender : senders) {
                try {
                    sender.send("x");
                } catch (IOException closed) {
                    senders.remove(sender);
                }
            }
            trickleRounds.incrementAndGet();
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopTrickling() throws IOException {
        trickle.shutdownNow();
        readers.shutdownNow();
        for (RawHttp sender : senders) {
            sender.close();
        }
    }

    private CompletableFuture<String> readUntilClosed(RawHttp connection) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return connection.readUntilClosed();
            } catch (IOException e) {
                throw new IllegalStateException("still open after the read timeout", e);
            }
        }, readers);
    }

    @Test
    void slowBodiesAreCutOffWithARetryable503AndHoldNoInFlightSlotMeanwhile() throws Exception {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 3 * MAX_IN_FLIGHT; i++) {
            RawHttp sender = RawHttp.connect("127.0.0.2", port).send(RawHttp.head("POST", "/webhooks/inbound-message",
                    "Content-Type: application/json", "Content-Length: 1000") + "{\"pad\":\"");
            senders.add(sender);
            answers.add(readUntilClosed(sender));
        }
        int rounds = trickleRounds.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> trickleRounds.get() >= rounds + 2);

        // Three times max-in-flight bodies are arriving, slowly: signed webhooks are still taken.
        for (int i = 0; i < 3; i++) {
            String uuid = UUID.randomUUID().toString();
            var response = bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", uuid));
            assertEquals(200, response.statusCode(), response.body());
        }

        // Each slow sender is told why and closed, although its bytes kept coming (each wait bounded by the read timeout).
        for (CompletableFuture<String> answer : answers) {
            String received = answer.get(60, TimeUnit.SECONDS);
            assertTrue(received.startsWith("HTTP/1.1 503 "), received);
            assertTrue(received.contains("Retry-After: "), received);
            assertTrue(received.endsWith("\r\n\r\n{\"error\":\"request_timeout\",\"reason\":\"the request was not received in time\"}"),
                    received);
        }
    }

    @Test
    void slowHeadersAreCutOffWithoutAnAnswer() throws Exception {
        RawHttp sender = RawHttp.connect("127.0.0.3", port)
                .send("POST /webhooks/inbound-message HTTP/1.1\r\nHost: bridge\r\nX-Slow: ");
        senders.add(sender);
        // The request never got its headers in: nothing to answer, the connection is just closed.
        assertEquals("", readUntilClosed(sender).get(60, TimeUnit.SECONDS));
    }
}
