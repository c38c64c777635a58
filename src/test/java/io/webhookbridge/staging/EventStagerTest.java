package io.webhookbridge.staging;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.webhookbridge.broker.TestBrokerSettings;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
        broker = new EmbeddedBroker(TestBrokerSettings.of(work, 77, "bridge.queue.staging", STAGING));
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
        assertEquals("caller-loop", threadOfAnAsynchronousConfirmation("key-1-", callerLoop));
    }

    @Test
    void withoutACallersLoopTheConfirmationContinuesOnABrokerThread() throws Exception {
        String thread = threadOfAnAsynchronousConfirmation("key-2-", null);
        // A thread of the broker's pool (not, e.g., its journal thread activemq-buffer-timeout).
        assertTrue(thread.endsWith("(activemq-webhook-bridge)"), thread);
    }

    @Test
    void aRetryIsAnsweredDuplicateWithoutWaitingAndStoredOnce() throws Exception {
        Exchange first = event("key-3");
        first.setProperty(EventHeaders.CALLER_EXECUTOR, callerLoop);
        stage(first);

        Exchange retry = event("key-3");
        retry.setProperty(EventHeaders.CALLER_EXECUTOR, callerLoop);
        // Answered from the id cache on the calling thread: nothing to wait for.
        Confirmation answer = stage(retry);
        assertEquals(Thread.currentThread().getName(), answer.thread());
        assertTrue(answer.beforeProcessReturned());
        assertEquals("duplicate", retry.getMessage().getHeader(EventStager.RESULT));
        assertStoredCount(1);
    }

    @Test
    void anEventTheBrokerCannotTakeFailsTheExchangeForA503() throws Exception {
        broker.stop();
        Exchange exchange = event("key-4");
        Confirmation answer = confirmationOf(exchange);
        assertTrue(answer.beforeProcessReturned());
        assertInstanceOf(StagingFailedException.class, exchange.getException());
        assertNull(exchange.getMessage().getHeader(EventStager.RESULT));
    }

    /**
     * Stages new events until one is confirmed after {@code process} returned, and returns the thread that confirmed it.
     * The broker confirms at once on the calling thread when the write reached the disk before the confirmation was asked
     * for (a busy machine can deschedule this thread that long): that says nothing about where a later one runs.
     */
    private String threadOfAnAsynchronousConfirmation(String keyPrefix, Executor caller) throws Exception {
        for (int i = 1; i <= 10; i++) {
            Exchange exchange = event(keyPrefix + i);
            if (caller != null) {
                exchange.setProperty(EventHeaders.CALLER_EXECUTOR, caller);
            }
            Confirmation confirmation = stage(exchange);
            assertEquals("accepted", exchange.getMessage().getHeader(EventStager.RESULT));
            assertStoredCount(i);
            if (!confirmation.beforeProcessReturned()) {
                return confirmation.thread();
            }
        }
        return fail("10 events in a row were confirmed before process() returned");
    }

    /** The queue takes a stored event in asynchronously (the broker's queue executor), so wait for it. */
    private void assertStoredCount(long count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(STAGING) == count);
        assertEquals(count, broker.messageCount(STAGING));
    }

    private Exchange event(String dedupeKey) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody("{\"message_uuid\":\"" + dedupeKey + "\"}");
        exchange.getMessage().setHeader(EventHeaders.DEDUPE_KEY, dedupeKey);
        exchange.getMessage().setHeader(EventHeaders.KIND, EventHeaders.KIND_INBOUND_MESSAGE);
        return exchange;
    }

    /** Which thread completed the exchange, and whether that was before {@code process} returned. */
    private record Confirmation(String thread, boolean beforeProcessReturned) {
    }

    /** Stages the event from this thread; a failure is thrown. */
    private Confirmation stage(Exchange exchange) throws Exception {
        Confirmation confirmation = confirmationOf(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return confirmation;
    }

    /** Stages the event from this thread, leaving any failure on the exchange. */
    private Confirmation confirmationOf(Exchange exchange) throws Exception {
        AtomicBoolean returned = new AtomicBoolean();
        CompletableFuture<Confirmation> confirmed = new CompletableFuture<>();
        stager.process(exchange, doneSync -> confirmed.complete(new Confirmation(Thread.currentThread().getName(), !returned.get())));
        returned.set(true);
        return confirmed.get(10, TimeUnit.SECONDS);
    }
}
