package io.webhookbridge.ordering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.bus.StandaloneArtemis;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 messages × 4 statuses, posted closely interleaved by several senders: every message's statuses reach a file
 * target, an HTTP target and, on the bus, one of 4 consumers of a JMS queue, in the order they arrived, while the
 * delivery routes' 4 consumers per target and the bus consumers work on different messages side by side.
 */
class OrderPerMessageTest {

    private static final int MESSAGES = 200;
    private static final int CONSUMERS = 4;

    @TempDir
    Path work;

    @Test
    void eachMessagesStatusesReachEveryTargetInArrivalOrder() throws Exception {
        Random random = new Random(16);
        Map<String, List<String>> plan = new LinkedHashMap<>();
        for (int i = 0; i < MESSAGES; i++) {
            // Any order, not the rank order: what is kept is the order of arrival.
            List<String> statuses = new ArrayList<>(List.of("submitted", "delivered", "read", "rejected"));
            Collections.shuffle(statuses, random);
            plan.put(new UUID(random.nextLong(), random.nextLong()).toString(), statuses);
        }
        Path files = Files.createDirectories(work.resolve("status-files"));
        Map<String, List<String>> busSeen = new HashMap<>();
        Map<String, Set<Integer>> busConsumers = new HashMap<>();
        AtomicInteger busTotal = new AtomicInteger();
        List<Connection> consumers = new ArrayList<>();
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start();
             StatusRecorder http = new StatusRecorder();
             FileArrivals fileArrivals = new FileArrivals(files)) {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(bus.url(), bus.user, bus.password);
            // All four listen before the first event, so that the bus spreads the messages over them.
            for (int c = 0; c < CONSUMERS; c++) {
                int consumer = c;
                Connection connection = factory.createConnection();
                consumers.add(connection);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createConsumer(session.createQueue("order.status")).setMessageListener(m -> {
                    try {
                        String uuid = m.getStringProperty("vonageMessageUuid");
                        synchronized (busSeen) {
                            busSeen.computeIfAbsent(uuid, k -> new ArrayList<>()).add(m.getStringProperty("vonageStatus"));
                            busConsumers.computeIfAbsent(uuid, k -> new HashSet<>()).add(consumer);
                            if (!uuid.equals(m.getStringProperty("JMSXGroupID"))) {
                                busConsumers.get(uuid).add(-1);
                            }
                        }
                        busTotal.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                connection.start();
            }
            try (BridgeRunner bridge = new BridgeRunner(work)
                    .property("bridge.bus.url", bus.url())
                    .property("bridge.bus.user", bus.user)
                    .property("bridge.bus.password", bus.password)
                    .property("bridge.bus.retry-interval-ms", "200")
                    .property("bridge.bus.max-retry-interval-ms", "1000")
                    .property("bridge.target.status", "file:" + files + "," + http.url("/status") + ",jms:queue:order.status")
                    .start()) {
                Statuses.post(bridge, plan, 16);

                int events = MESSAGES * 4;
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() ->
                        http.total() >= events && fileArrivals.names().size() >= events && busTotal.get() >= events);
                assertFalse(fileArrivals.overflowed(), "the file watcher lost events");

                Map<String, List<String>> fileSeen = new HashMap<>();
                for (String name : fileArrivals.names()) {
                    String[] uuidAndStatus = Statuses.uuidAndStatus(name);
                    fileSeen.computeIfAbsent(uuidAndStatus[0], k -> new ArrayList<>()).add(uuidAndStatus[1]);
                }
                // Messages whose statuses a target received out of arrival order, per target; messages seen by more than
                // one bus consumer.
                Map<String, Integer> overtaken = new LinkedHashMap<>(Map.of("http", 0, "file", 0, "bus", 0));
                int split = 0;
                Set<Integer> consumersUsed = new HashSet<>();
                for (Map.Entry<String, List<String>> message : plan.entrySet()) {
                    String uuid = message.getKey();
                    List<String> arrived = message.getValue();
                    List<String> overHttp = http.of(uuid).stream().map(StatusRecorder.Received::status).toList();
                    overtaken.merge("http", arrived.equals(overHttp) ? 0 : 1, Integer::sum);
                    overtaken.merge("file", arrived.equals(fileSeen.get(uuid)) ? 0 : 1, Integer::sum);
                    overtaken.merge("bus", arrived.equals(busSeen.get(uuid)) ? 0 : 1, Integer::sum);
                    split += busConsumers.get(uuid).size() == 1 ? 0 : 1;
                    consumersUsed.addAll(busConsumers.get(uuid));
                }
                assertEquals(Map.of("http", 0, "file", 0, "bus", 0), overtaken,
                        "messages whose statuses reached a target out of arrival order");
                assertEquals(0, split, "messages whose statuses went to several bus consumers, or without their group id");
                assertTrue(consumersUsed.size() > 1, "the messages were spread over the bus consumers: " + consumersUsed);

                // Every queue's group map is bounded.
                for (Queue queue : bridge.broker().server().getPostOffice().listQueuesForAddress(
                        org.apache.activemq.artemis.api.core.SimpleString.of("bridge.staging"))) {
                    assertEquals(1024, queue.getGroupBuckets(), queue.getName().toString());
                }
                int delivery = 0;
                for (var binding : bridge.broker().server().getPostOffice().getAllBindings().toList()) {
                    if (binding instanceof org.apache.activemq.artemis.core.postoffice.QueueBinding q
                            && q.getQueue().getName().toString().startsWith("bridge.deliver.")) {
                        assertEquals(1024, q.getQueue().getGroupBuckets(), q.getQueue().getName().toString());
                        delivery++;
                    }
                }
                assertEquals(2, delivery, "the file and HTTP targets' delivery queues");
            }
        } finally {
            for (Connection connection : consumers) {
                connection.close();
            }
        }
    }
}
