package io.webhookbridge.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the bridge relies on from Artemis to store an event, checked against a real embedded broker with the bridge's
 * journal settings: an Artemis upgrade that changes any of it fails here rather than in production.
 */
class EventStoreContractTest {

    private static final String STAGING = "bridge.staging";
    private static final String TARGET = "t.copies";

    /** The implementations of the contract. */
    enum Kind {
        IN_PROCESS, CLIENT
    }

    @TempDir
    Path work;

    private final ExecutorService caller = Executors.newSingleThreadExecutor(r -> new Thread(r, "caller-loop"));
    private final ExecutorService snapshots = Executors.newSingleThreadExecutor();
    private EmbeddedBroker broker;
    private EmbeddedBroker restarted;
    private EventStore store;

    private void start(Kind kind) throws Exception {
        broker = new EmbeddedBroker(settings(work.resolve("data"), 91));
        broker.start();
        store = kind == Kind.IN_PROCESS ? broker.newInProcessEventStore() : new ClientEventStore(broker);
    }

    private void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
        store = null;
    }

    @AfterEach
    void stop() throws Exception {
        closeStore();
        for (EmbeddedBroker b : new EmbeddedBroker[] {broker, restarted}) {
            if (b != null) {
                b.stop();
            }
        }
        caller.shutdownNow();
        snapshots.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStoredEventIsAPersistentJmsTextMessageWithItsProperties(Kind kind) throws Exception {
        start(kind);
        long before = System.currentTimeMillis();
        assertEquals(EventStore.Outcome.STORED, store(new EventStore.Event(STAGING, "{\"text\":\"héllo\"}",
                Map.of("vonageKind", "inbound-message", "bridgeVerified", true, "bridgeCount", 42L), id(1), 60_000)));

        Message received = receive(STAGING);
        TextMessage text = assertInstanceOf(TextMessage.class, received);
        assertEquals("{\"text\":\"héllo\"}", text.getText());
        assertEquals("inbound-message", text.getStringProperty("vonageKind"));
        assertTrue(text.getBooleanProperty("bridgeVerified"));
        assertEquals(42L, text.getLongProperty("bridgeCount"));
        assertEquals(DeliveryMode.PERSISTENT, text.getJMSDeliveryMode());
        assertEquals(4, text.getJMSPriority());
        assertTrue(text.getJMSMessageID().startsWith("ID:"), text.getJMSMessageID());
        assertTrue(text.getJMSTimestamp() >= before, "timestamp");
        assertEquals(text.getJMSTimestamp() + 60_000, text.getJMSExpiration());
        assertArrayEquals(id(1), text.getObjectProperty("_AMQ_DUPL_ID") instanceof byte[] b ? b : null);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDuplicateIdStoredTwiceIsReportedDuplicateAndStoredOnce(Kind kind) throws Exception {
        start(kind);
        EventStore.Event event = new EventStore.Event(STAGING, "once", Map.of(), id(2), 0);
        assertFalse(store.isDuplicate(STAGING, id(2)));
        assertEquals(EventStore.Outcome.STORED, store(event));
        assertTrue(store.isDuplicate(STAGING, id(2)));
        assertFalse(store.isDuplicate("another.address", id(2)));
        assertEquals(EventStore.Outcome.DUPLICATE, store(event));

        // Two sends of one new id at once, neither waiting for the other: the broker's cache still keeps one.
        EventStore.Event racing = new EventStore.Event(STAGING, "racing", Map.of(), id(3), 0);
        CompletableFuture<?> first = store.store(racing, caller).toCompletableFuture();
        CompletableFuture<?> second = store.store(racing, caller).toCompletableFuture();
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(STAGING) == 2);
        assertEquals(2, browse(STAGING));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStoredEventIsInTheJournalWhenTheStageCompletes(Kind kind) throws Exception {
        start(kind);
        // The copy below reads the files through the page cache; that the journal forces them to the disk before it
        // calls back is Artemis's datasync, which must stay on.
        assertTrue(broker.server().getConfiguration().isJournalDatasync(), "journal datasync");
        // The journal files as they are at the moment of completion, as a crash then would leave them.
        Path snapshot = work.resolve("snapshot");
        CompletableFuture<EventStore.Outcome> stored = store.store(new EventStore.Event(STAGING, "durable", Map.of(),
                id(4), 0), caller).toCompletableFuture();
        CompletableFuture<Void> copied = stored.thenRun(() -> copy(work.resolve("data"), snapshot));
        assertEquals(EventStore.Outcome.STORED, stored.get(10, TimeUnit.SECONDS));
        copied.get(10, TimeUnit.SECONDS);
        closeStore();
        broker.stop();
        broker = null;

        restarted = new EmbeddedBroker(settings(snapshot, 92));
        restarted.start();
        assertEquals(1, restarted.messageCount(STAGING));
        assertTrue(restarted.eventStore().isDuplicate(STAGING, id(4)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDivertedEventIsStoredOnTheDivertsQueueInTheSameWrite(Kind kind) throws Exception {
        start(kind);
        broker.ensureQueue(TARGET);
        broker.server().deployDivert(new DivertConfiguration().setName("to-target").setRoutingName("to-target")
                .setAddress(STAGING).setForwardingAddress(TARGET).setFilterString("bridgeTargetIds LIKE '%|t|%'")
                .setExclusive(true).setRoutingType(ComponentConfigurationRoutingType.ANYCAST));

        assertEquals(EventStore.Outcome.STORED, store(new EventStore.Event(STAGING, "diverted",
                Map.of("bridgeTargetIds", "|t|"), id(5), 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(TARGET) == 1);
        assertEquals(0, broker.messageCount(STAGING));
        assertEquals("diverted", ((TextMessage) receive(TARGET)).getText());
        assertTrue(store.isDuplicate(STAGING, id(5)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anEventLargerThanAJournalRecordIsStoredWhole(Kind kind) throws Exception {
        start(kind);
        // The largest webhook body the bridge takes (256 KiB) is twice that as a TextMessage's UTF-16 text.
        String body = "x".repeat(256 * 1024);
        assertEquals(EventStore.Outcome.STORED, store(new EventStore.Event(STAGING, body, Map.of("vonageKind", "big"),
                id(31), 0)));
        TextMessage text = assertInstanceOf(TextMessage.class, receive(STAGING));
        assertEquals(body, text.getText());
        assertEquals("big", text.getStringProperty("vonageKind"));
    }

    @Test
    void anEventNoQueueTakesIsAFailedStageNotStored() throws Exception {
        // In-process only: a core client's send to an address whose queues all filter the event out is acknowledged
        // and dropped, which the bridge never does (its staging and dead-letter queues have no filter).
        start(Kind.IN_PROCESS);
        broker.server().createQueue(QueueConfiguration.of("filtered").setAddress("filtered")
                .setRoutingType(RoutingType.ANYCAST).setFilterString("vonageKind = 'other'").setDurable(true));
        CompletableFuture<EventStore.Outcome> refused = store.store(new EventStore.Event("filtered", "nowhere",
                Map.of("vonageKind", "inbound-message"), id(32), 0), caller).toCompletableFuture();
        assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertEquals(0, browse("filtered"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theStageCompletesOnTheCallersExecutor(Kind kind) throws Exception {
        start(kind);
        // A stage already complete when the test asks runs the test's step on the test's thread: store until one is not.
        String thread = Thread.currentThread().getName();
        for (int i = 6; i < 30 && thread.equals(Thread.currentThread().getName()); i++) {
            thread = store.store(new EventStore.Event(STAGING, "where", Map.of(), id(i), 0), caller).toCompletableFuture()
                    .thenApply(outcome -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
        }
        assertEquals("caller-loop", thread);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFailureSurfacesAsAFailedStage(Kind kind) throws Exception {
        start(kind);
        // A session exists before the failure, as one does in a running bridge.
        assertEquals(EventStore.Outcome.STORED, store(new EventStore.Event(STAGING, "before", Map.of(), id(29), 0)));
        broker.server().stop();
        CompletableFuture<EventStore.Outcome> refused = store.store(new EventStore.Event(STAGING, "lost", Map.of(), id(30), 0),
                caller).toCompletableFuture();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(20, TimeUnit.SECONDS));
        assertNotNull(failure.getCause());
    }

    private EventStore.Outcome store(EventStore.Event event) throws Exception {
        return store.store(event, caller).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] id(int n) {
        return new byte[] {1, 2, 3, (byte) n};
    }

    private Message receive(String queue) throws Exception {
        try (Connection connection = broker.inVmConnectionFactory().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message message = session.createConsumer(session.createQueue(queue)).receive(10_000);
            assertNotNull(message, "nothing on " + queue);
            return message;
        }
    }

    /** What the queue holds now, without consuming it. */
    private int browse(String queue) throws Exception {
        try (Connection connection = broker.inVmConnectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return Collections.list(session.createBrowser(session.createQueue(queue)).getEnumeration()).size();
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("server.lock")) {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** The bridge's journal settings, with 20 ms between syncs: a completion before the sync would show. */
    static BrokerSettings settings(Path dataDir, int inVmId) throws Exception {
        return TestBrokerSettings.of(dataDir, inVmId, "bridge.broker.journal-buffer-timeout-ns", "20000000",
                "bridge.queue.staging", STAGING);
    }
}
