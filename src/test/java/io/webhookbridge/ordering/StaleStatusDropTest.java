package io.webhookbridge.ordering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import io.webhookbridge.event.StatusRank;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With BRIDGE_DROP_STALE_STATUS=true, statuses posted out of rank order (read before delivered, ...): a file target,
 * an HTTP target and a JMS target with a delivery route each receive every message's statuses with ranks that never
 * go backwards, exactly the ones that were not stale, and each target counts the ones it dropped.
 */
class StaleStatusDropTest {

    private static final int MESSAGES = 60;
    private static final List<List<String>> ORDERS = List.of(
            List.of("submitted", "read", "delivered"),
            List.of("delivered", "submitted", "read"),
            List.of("read", "delivered", "submitted", "rejected"),
            List.of("submitted", "delivered", "read"),
            List.of("rejected", "read"));
    private static final Map<String, Integer> RANKS = Map.of("submitted", 1, "delivered", 2, "read", 3, "rejected", 4);

    @TempDir
    Path work;

    @Test
    void noTargetSeesAMessagesRankGoBackwards() throws Exception {
        Random random = new Random(4);
        Map<String, List<String>> plan = new LinkedHashMap<>();
        Map<String, List<String>> expected = new HashMap<>();
        int kept = 0;
        int stale = 0;
        for (int i = 0; i < MESSAGES; i++) {
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            List<String> statuses = ORDERS.get(i % ORDERS.size());
            plan.put(uuid, statuses);
            List<String> delivered = new ArrayList<>();
            int highest = 0;
            for (String status : statuses) {
                if (RANKS.get(status) >= highest) {
                    highest = RANKS.get(status);
                    delivered.add(status);
                }
            }
            expected.put(uuid, delivered);
            kept += delivered.size();
            stale += statuses.size() - delivered.size();
        }
        Path files = Files.createDirectories(work.resolve("status-files"));
        try (StatusRecorder http = new StatusRecorder();
             FileArrivals fileArrivals = new FileArrivals(files);
             BridgeRunner bridge = new BridgeRunner(work)
                     .property("bridge.ordering.drop-stale-status", "true")
                     .property("bridge.target.status", "file:" + files + "," + http.url("/status")
                             + ",jms:queue:stale.status?deliveryMode=2")
                     .start()) {
            Statuses.post(bridge, plan, 4);

            MeterRegistry meters = bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
            int events = kept;
            int dropped = stale;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.total() >= events && fileArrivals.names().size() >= events
                            && Queues.browse("stale.status").size() >= events
                            // or a target got more than it should: the assertions below say what
                            && (meters.find("bridge.target.stale.dropped").counters().stream()
                                    .mapToDouble(Counter::count).sum() >= 3.0 * dropped || http.total() > events));
            assertFalse(fileArrivals.overflowed(), "the file watcher lost events");

            Map<String, List<String>> overFile = new HashMap<>();
            for (String name : fileArrivals.names()) {
                String[] uuidAndStatus = Statuses.uuidAndStatus(name);
                overFile.computeIfAbsent(uuidAndStatus[0], k -> new ArrayList<>()).add(uuidAndStatus[1]);
            }
            Map<String, List<String>> overJms = new HashMap<>();
            for (Message m : Queues.drain("stale.status")) {
                String uuid = m.getStringProperty("vonageMessageUuid");
                assertEquals(uuid, m.getStringProperty("JMSXGroupID"), "the JMS target's copy keeps its group id");
                assertEquals(RANKS.get(m.getStringProperty("vonageStatus")), m.getIntProperty(StatusRank.RANK));
                overJms.computeIfAbsent(uuid, k -> new ArrayList<>()).add(m.getStringProperty("vonageStatus"));
            }
            for (String uuid : plan.keySet()) {
                List<String> overHttp = new ArrayList<>();
                for (StatusRecorder.Received r : http.of(uuid)) {
                    assertEquals(RANKS.get(r.status()), r.rank(), "the HTTP header " + StatusRank.RANK);
                    overHttp.add(r.status());
                }
                String sent = "posted " + plan.get(uuid);
                assertEquals(expected.get(uuid), overHttp, "HTTP target, " + sent);
                assertEquals(expected.get(uuid), overFile.get(uuid), "file target, " + sent);
                assertEquals(expected.get(uuid), overJms.get(uuid), "JMS target, " + sent);
            }
            java.util.Collection<Counter> counters = meters.find("bridge.target.stale.dropped").counters();
            assertEquals(3, counters.size(), "one counter per target");
            for (Counter counter : counters) {
                assertEquals(dropped, (int) counter.count(), counter.getId().getTag("target"));
            }
        }
    }
}
