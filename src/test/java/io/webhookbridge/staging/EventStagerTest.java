package io.webhookbridge.staging;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.webhookbridge.broker.BrokerSettings;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a staged event's confirmation continues the exchange: the caller's own loop when it names one. */
class EventStagerTest {

    private static final String STAGING = "bridge.staging";

    @TempDir
    Path work;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ExecutorService callerLoop = Executors.newSingleThreadExecutor(r -> new Thread(r, "caller-loop"));
    private EmbeddedBroker broker;
    private EventStager stager;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(new BrokerSettings(work.toString(), 0, 1000, 8 * 1024 * 1024, 100, 1_000_000, 5,
                STAGING, "bridge.dlq", "bridge.expiry", "bridge.deliver.", 1, 1000, 2, 10_000, 77));
        broker.start();
        stager = new EventStager(broker, STAGING, true);
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.stop();
        callerLoop.shutdownNow();
        camel.close();
    }

    @Test
    void theConfirmationContinuesOnTheCallersLoopAfterTheEventIsStored() throws Exception {
        Exchange exchange = event("key-1");
        exchange.setProperty(EventHeaders.CALLER_EXECUTOR, callerLoop);

        assertEquals("caller-loop", stage(exchange));
        assertEquals("accepted", exchange.getMessage().getHeader(EventStager.RESULT));
        assertStoredOnce();
    }

    @Test
    void withoutACallersLoopTheConfirmationContinuesOnABrokerThread() throws Exception {
        Exchange exchange = event("key-2");

        String thread = stage(exchange);
        // A thread of the broker's pool (not, e.g., its journal thread activemq-buffer-timeout).
        assertTrue(thread.endsWith("(activemq-webhook-bridge)"), thread);
        assertEquals("accepted", exchange.getMessage().getHeader(EventStager.RESULT));
        assertStoredOnce();
    }

    @Test
    void aRetryIsAnsweredDuplicateWithoutWaitingAndStoredOnce() throws Exception {
        Exchange first = event("key-3");
        first.setProperty(EventHeaders.CALLER_EXECUTOR, callerLoop);
        stage(first);

        Exchange retry = event("key-3");
        retry.setProperty(EventHeaders.CALLER_EXECUTOR, callerLoop);
        // Answered from the id cache on the calling thread: nothing to wait for.
        assertEquals(Thread.currentThread().getName(), stage(retry));
        assertEquals("duplicate", retry.getMessage().getHeader(EventStager.RESULT));
        assertStoredOnce();
    }

    /** The queue takes the stored event in asynchronously (the broker's queue executor), so wait for it. */
    private void assertStoredOnce() {
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(STAGING) == 1);
        assertEquals(1, broker.messageCount(STAGING));
    }

    private Exchange event(String dedupeKey) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody("{\"message_uuid\":\"" + dedupeKey + "\"}");
        exchange.getMessage().setHeader(EventHeaders.DEDUPE_KEY, dedupeKey);
        exchange.getMessage().setHeader(EventHeaders.KIND, EventHeaders.KIND_INBOUND_MESSAGE);
        return exchange;
    }

    /** Stages the event from this thread; returns the thread that completed the exchange. */
    private String stage(Exchange exchange) throws Exception {
        CompletableFuture<String> completedOn = new CompletableFuture<>();
        stager.process(exchange, doneSync -> completedOn.complete(Thread.currentThread().getName()));
        String thread = completedOn.get(10, TimeUnit.SECONDS);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return thread;
    }
}
