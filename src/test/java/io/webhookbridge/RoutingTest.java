package io.webhookbridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example payload of the spec, through the real bridge, to real JMS queues, real files and a real HTTP
 * server, chosen by channel and status; fan-out, retries and dead letters per target.
 */
class RoutingTest {

    @TempDir
    static Path work;
    static BridgeRunner bridge;
    static TargetServer http;
    static Path files;
    /** Everything received per queue across the test (queues are drained destructively). */
    static final Map<String, List<Message>> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        http = new TargetServer().failFirst("/flaky", 2).failFirst("/down", Integer.MAX_VALUE);
        files = work.resolve("files");
        bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "jms:queue:r.inbound")
                .property("bridge.target.status", "jms:queue:r.status")
                .property("bridge.target.inbound.whatsapp", "jms:queue:r.whatsapp, file:" + files.resolve("whatsapp"))
                .property("bridge.target.inbound.viber_service", http.url("/viber"))
                .property("bridge.target.status.rejected", "jms:queue:r.rejected," + http.url("/flaky"))
                .property("bridge.target.status.undeliverable",
                        "jms:queue:r.undeliverable," + http.url("/down") + ",file:" + files.resolve("undeliverable"))
                .start();
        for (String name : new String[] {"inbound-sms", "inbound-whatsapp-text", "inbound-whatsapp-image",
                "inbound-messenger-text", "inbound-viber-text", "inbound-mms-image", "inbound-whatsapp-reply"}) {
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.load(name)).statusCode(), name);
        }
        for (String name : new String[] {"status-sms-submitted", "status-whatsapp-delivered", "status-whatsapp-rejected",
                "status-viber-read", "status-rcs-undeliverable"}) {
            assertEquals(200, bridge.postSigned("/webhooks/message-status", Samples.load(name)).statusCode(), name);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
        http.close();
    }

    static List<String> texts(String queue, int atLeast) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            received.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(Queues.drain(queue));
            return received.get(queue).size() >= atLeast;
        });
        return received.get(queue).stream().map(m -> {
            try {
                return ((TextMessage) m).getText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void inboundMessagesGoToTheirChannelsTargetsByteIdentical() throws Exception {
        List<String> inbound = texts("r.inbound", 3);
        assertEquals(3, inbound.size());
        assertTrue(inbound.contains(Samples.load("inbound-sms")));
        assertTrue(inbound.contains(Samples.load("inbound-messenger-text")));
        assertTrue(inbound.contains(Samples.load("inbound-mms-image")));

        List<String> whatsapp = texts("r.whatsapp", 3);
        assertEquals(3, whatsapp.size());
        for (String name : new String[] {"inbound-whatsapp-text", "inbound-whatsapp-image", "inbound-whatsapp-reply"}) {
            assertTrue(whatsapp.contains(Samples.load(name)), name);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> http.accepted("/viber").size() == 1);
        TargetServer.Received viber = http.accepted("/viber").get(0);
        assertEquals(Samples.load("inbound-viber-text"), viber.body());
        assertEquals("application/json", viber.headers().get("Content-type").get(0));
        assertEquals("viber_service", viber.headers().get("Vonagechannel").get(0));
        assertEquals("inbound-message-3d4e5f60-7182-4a93-b4c5-d6e7f8091a2b", viber.headers().get("Bridgeeventid").get(0));
    }

    @Test
    void fileTargetWritesOneCompleteFilePerEventNamedByItsId() throws Exception {
        Path dir = files.resolve("whatsapp");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(dir) && listJson(dir).size() == 3);
        for (String name : new String[] {"inbound-whatsapp-text", "inbound-whatsapp-image", "inbound-whatsapp-reply"}) {
            String body = Samples.load(name);
            String uuid = body.replaceAll(".*?\"message_uuid\":\"([^\"]+)\".*", "$1");
            Path file = dir.resolve("inbound-message-" + uuid + ".json");
            assertTrue(Files.exists(file), file.toString());
            assertEquals(body, Files.readString(file, StandardCharsets.UTF_8));
            assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        }
        try (Stream<Path> all = Files.list(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith(".inprogress")), "no partial file may remain");
        }
    }

    @Test
    void statusesGoToTheirStatusTargets() {
        List<String> status = texts("r.status", 3);
        assertEquals(3, status.size());
        for (String name : new String[] {"status-sms-submitted", "status-whatsapp-delivered", "status-viber-read"}) {
            assertTrue(status.contains(Samples.load(name)), name);
        }
        assertEquals(List.of(Samples.load("status-whatsapp-rejected")), texts("r.rejected", 1));
    }

    @Test
    void targetThatFailsTwiceThenRecoversGetsTheEventOnce() {
        String body = Samples.load("status-whatsapp-rejected");
        await().atMost(Duration.ofSeconds(20)).until(() -> http.accepted("/flaky").size() == 1);
        assertEquals(body, http.accepted("/flaky").get(0).body());
        assertEquals(3, http.attempts("/flaky", body));
    }

    @Test
    void targetThatNeverRecoversParksTheEventWithItsReasonWhileTheOthersGetTheirs() throws Exception {
        String body = Samples.load("status-rcs-undeliverable");
        assertEquals(List.of(body), texts("r.undeliverable", 1));
        Path file = files.resolve("undeliverable").resolve("message-status-0a1b2c3d-4e5f-4607-8899-aabbccddeeff_undeliverable.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
        assertEquals(body, Files.readString(file, StandardCharsets.UTF_8));

        List<Message> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            dead.addAll(Queues.drain("bridge.dlq"));
            return !dead.isEmpty();
        });
        assertEquals(1, dead.size());
        TextMessage parked = (TextMessage) dead.get(0);
        assertEquals(body, parked.getText());
        assertEquals(http.url("/down"), parked.getStringProperty("bridgeTarget"));
        assertTrue(parked.getStringProperty("bridgeFailureReason").contains("500"), parked.getStringProperty("bridgeFailureReason"));
        assertEquals("delivery", parked.getStringProperty("bridgeFailedStage"));
        assertEquals("undeliverable", parked.getStringProperty("vonageStatus"));
        // 1 attempt + 3 retries (the test configuration), then parked: never more.
        assertEquals(4, http.attempts("/down", body));
        // The parked copy is the target's copy: the bridge's routing properties (target URIs may carry credentials) stay behind.
        assertNull(parked.getObjectProperty("bridgeTargets"));
        assertNull(parked.getObjectProperty("bridgeTargetIds"));
    }

    private static List<Path> listJson(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
    }
}
