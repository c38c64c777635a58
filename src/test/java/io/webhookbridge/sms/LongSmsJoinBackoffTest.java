package io.webhookbridge.sms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.LogCapture;
import io.webhookbridge.bus.StandaloneArtemis;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.files.FileStoreMonitor;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long SMS joined on the bus that this instance cannot store (its broker's disk is full): the joiner gives the parts
 * back to the bus and reconnects with a doubling backoff, not once per retry interval; once the disk has room again the
 * joined SMS is stored once, with both parts.
 */
class LongSmsJoinBackoffTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTED = "Joining long SMS from queue";

    @TempDir
    Path work;

    @Test
    void aJoinThatCannotBeStoredBacksOffThenIsStoredOnce() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start(); LogCapture log = new LogCapture();
                BridgeRunner bridge = new BridgeRunner(work.resolve("bridge"))
                        .property("bridge.bus.url", bus.url())
                        .property("bridge.bus.user", bus.user)
                        .property("bridge.bus.password", bus.password)
                        // Reconnects 200, 400, 800, 1600, 3200 ms apart; at a fixed interval, every 200 ms.
                        .property("bridge.bus.retry-interval-ms", "200")
                        .property("bridge.bus.max-retry-interval-ms", "3200")
                        .property("bridge.target.inbound", "jms:queue:sms.joined").start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connections(log) >= 1);
            ActiveMQServer server = bridge.broker().server();
            // The local queue that carries parts to the bus.
            Queue toBus = server.locateQueue(SimpleString.of("bridge.bus.bridge.sms.parts"));
            assertNotNull(toBus);

            post(bridge, part(1, "a1 "));
            await().atMost(Duration.ofSeconds(30)).until(() -> toBus.getMessagesAcknowledged() == 1);
            // The second part waits locally until the disk is full, so that its set is joined while nothing can be stored.
            toBus.pause(false);
            post(bridge, part(2, "a2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> toBus.getMessageCount() == 1);

            FileStoreMonitor disk = ((ActiveMQServerImpl) server).getMonitor();
            assertNotNull(disk, "the broker watches its disk (bridge.broker.max-disk-usage-percent)");
            double maxUsage = disk.getMaxUsage();
            // As if the disk had filled past bridge.broker.max-disk-usage-percent.
            disk.setMaxUsage(0);
            disk.tick();
            assertTrue(server.getPagingManager().isDiskFull());
            toBus.resume();

            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().stream().anyMatch(line ->
                    line.startsWith("WARN io.webhookbridge.bus.LongSmsJoiner") && line.contains("JoinNotStored")));
            long failedAt = connections(log);
            // Over five seconds of a join failing each time: 200 + 400 + 800 + 1600 ms of backoff allow at most four
            // reconnects, the fifth comes 3200 ms later (a fixed interval would make about twenty).
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                    .until(() -> connections(log) - failedAt <= 4);
            assertTrue(connections(log) - failedAt >= 2, "keeps retrying: " + (connections(log) - failedAt));
            assertTrue(bus.drain("sms.joined").isEmpty(), "nothing was stored while the disk was full");

            disk.setMaxUsage(maxUsage);
            disk.tick();
            assertFalse(server.getPagingManager().isDiskFull());

            List<Message> joined = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                joined.addAll(bus.drain("sms.joined"));
                return !joined.isEmpty();
            });
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
                joined.addAll(bus.drain("sms.joined"));
                return joined.size() == 1;
            });
            Message sms = joined.get(0);
            assertTrue(sms.getBooleanProperty("vonageConcatComplete"));
            assertEquals(2, sms.getIntProperty("vonageConcatParts"));
            assertEquals("a1 a2", JSON.readTree(((TextMessage) sms).getText()).get("text").asText());
        }
    }

    private static long connections(LogCapture log) {
        return log.lines().stream().filter(line -> line.startsWith("INFO io.webhookbridge.bus.LongSmsJoiner")
                && line.contains(CONNECTED)).count();
    }

    private static void post(BridgeRunner bridge, LinkedHashMap<String, String> part) throws Exception {
        assertEquals(200, SmsWebhookTest.form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part))
                .statusCode());
    }

    private static LinkedHashMap<String, String> part(int part, String text) {
        return LongSmsParts.part("447700900123", "Lbackoff" + part, "b", part, 2, text);
    }
}
