package io.webhookbridge;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.tools.SampleSender;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook HTTP contract against the real bridge: status codes that make Vonage retry exactly when it
 * should, one-line JSON reasons, and nothing unsigned or forged ever reaching a target.
 */
class IngressTest {

    @TempDir
    static Path work;
    static BridgeRunner bridge;
    static final String INBOUND = "test.inbound";
    static final String STATUS = "test.status";

    @BeforeAll
    static void start() throws Exception {
        bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "jms:queue:" + INBOUND)
                .property("bridge.target.status", "jms:queue:" + STATUS)
                .property("bridge.http.max-body-bytes", "4096")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    /**
     * Posts a good event for the queue (an inbound message, or a status for {@link #STATUS}), waits until it is there,
     * and returns everything that arrived meanwhile.
     */
    static List<Message> markerAndEverythingBefore(String queue) throws Exception {
        String uuid = UUID.randomUUID().toString();
        boolean status = STATUS.equals(queue);
        assertEquals(200, bridge.postSigned(status ? "/webhooks/message-status" : "/webhooks/inbound-message",
                Samples.withUuid(status ? "status-whatsapp-delivered" : "inbound-whatsapp-text", uuid)).statusCode());
        List<Message> seen = Collections.synchronizedList(new ArrayList<>());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.addAll(Queues.drain(queue));
            return seen.stream().anyMatch(m -> uuid.equals(prop(m, "vonageMessageUuid")));
        });
        return seen;
    }

    static String prop(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signedEventIsAcceptedThenDeliveredExactlyAsSentWithItsClassification() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String body = Samples.withUuid("inbound-whatsapp-image", uuid);
        HttpRequest request = HttpRequest.newBuilder(bridge.url("/webhooks/inbound-message"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + SampleSender.sign(BridgeRunner.SECRET, body.getBytes(StandardCharsets.UTF_8), "a1b2c3d4"))
                // Untrusted headers, some of which would steer a Camel endpoint if they became Camel headers.
                .header("CamelJmsDestinationName", "evil")
                .header("CamelFileName", "../../evil")
                .header("X-Tenant", "evil")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = bridge.send(request);
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"accepted\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.headers().firstValue("CamelJmsDestinationName").isEmpty(), "request headers must not be echoed");

        List<Message> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.addAll(Queues.drain(INBOUND));
            return seen.stream().anyMatch(m -> uuid.equals(prop(m, "vonageMessageUuid")));
        });
        TextMessage m = (TextMessage) seen.stream().filter(x -> uuid.equals(prop(x, "vonageMessageUuid"))).findFirst().orElseThrow();
        assertEquals(body, m.getText());
        assertEquals("inbound-message", m.getStringProperty("vonageKind"));
        assertEquals("whatsapp", m.getStringProperty("vonageChannel"));
        assertEquals("image", m.getStringProperty("vonageMessageType"));
        assertEquals("a1b2c3d4", m.getStringProperty("vonageApiKey"));
        assertNotNull(Instant.parse(m.getStringProperty("vonageReceivedAt")));
        for (String forbidden : new String[] {"CamelJmsDestinationName", "CamelFileName", "X-Tenant", "Authorization", "Content-Type"}) {
            assertFalse(m.propertyExists(forbidden), forbidden + " must not reach a target");
        }
    }

    @Test
    void statusEventCarriesStatusAndApplicationId() throws Exception {
        String body = Samples.load("status-whatsapp-rejected");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String token = JWT.create().withIssuedAt(Instant.now()).withIssuer("Vonage").withJWTId("j")
                .withClaim("payload_hash", MessagesHash.of(bytes)).withClaim("api_key", "a1b2c3d4")
                .withClaim("application_id", "11111111-2222-4333-8444-555555555555").sign(Algorithm.HMAC256(BridgeRunner.SECRET));
        assertEquals(200, bridge.post("/webhooks/message-status", bytes, "Bearer " + token).statusCode());
        List<Message> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            seen.addAll(Queues.drain(STATUS));
            return seen.stream().anyMatch(m -> "rejected".equals(prop(m, "vonageStatus")));
        });
        Message m = seen.stream().filter(x -> "rejected".equals(prop(x, "vonageStatus"))).findFirst().orElseThrow();
        assertEquals("message-status", m.getStringProperty("vonageKind"));
        assertEquals("e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9", m.getStringProperty("vonageMessageUuid"));
        assertEquals("11111111-2222-4333-8444-555555555555", m.getStringProperty("vonageApplicationId"));
        assertEquals(body, ((TextMessage) m).getText());
    }

    @Test
    void badSignaturesGet401OrRetryable503AndNothingIsForwarded() throws Exception {
        byte[] body = Samples.withUuid("inbound-sms", "bad-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String hash = MessagesHash.of(body);
        long now = Instant.now().getEpochSecond();
        String wrongSecret = JWT.create().withIssuedAt(Instant.now()).withIssuer("Vonage").withClaim("payload_hash", hash)
                .withClaim("api_key", "a1b2c3d4").sign(Algorithm.HMAC256("wrong"));
        String hs512 = JWT.create().withIssuedAt(Instant.now()).withIssuer("Vonage").withClaim("payload_hash", hash)
                .withClaim("api_key", "a1b2c3d4").sign(Algorithm.HMAC512(BridgeRunner.SECRET));
        String stale = JWT.create().withIssuedAt(Instant.ofEpochSecond(now - 86400 - 60)).withIssuer("Vonage")
                .withClaim("payload_hash", hash).withClaim("api_key", "a1b2c3d4").sign(Algorithm.HMAC256(BridgeRunner.SECRET));
        String future = JWT.create().withIssuedAt(Instant.ofEpochSecond(now + 600)).withIssuer("Vonage")
                .withClaim("payload_hash", hash).withClaim("api_key", "a1b2c3d4").sign(Algorithm.HMAC256(BridgeRunner.SECRET));
        String otherBody = "Bearer " + SampleSender.sign(BridgeRunner.SECRET, "{}".getBytes(StandardCharsets.UTF_8), "a1b2c3d4");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + wrongSecret.split("\\.")[1] + ".";

        for (String auth : new String[] {"Bearer " + wrongSecret, "Bearer " + hs512, "Bearer " + stale, "Bearer " + future,
                otherBody, "Bearer " + none, "Bearer not.a.jwt", "Basic dXNlcjpwYXNz"}) {
            HttpResponse<String> r = bridge.post("/webhooks/inbound-message", body, auth);
            assertEquals(401, r.statusCode(), auth);
            assertTrue(r.body().startsWith("{\"error\":\"invalid_signature\",\"reason\":\""), r.body());
            assertFalse(r.body().contains("\n"));
        }
        HttpResponse<String> unsigned = bridge.post("/webhooks/inbound-message", body, null);
        assertEquals(503, unsigned.statusCode());
        // bridge.http.retry-after-seconds, the same on every 503, the routes' and the HTTP engine's own.
        assertEquals("5", unsigned.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"error\":\"unsigned\",\"reason\":\"missing Authorization header\"}", unsigned.body());

        // Every refused request carried the same event: it is not among what arrived before a later marker. (Other
        // tests' events may arrive on the same queue meanwhile, so only its uuid is looked for.)
        List<Message> arrived = markerAndEverythingBefore(INBOUND);
        String badUuid = new String(body, StandardCharsets.UTF_8).replaceAll(".*\"message_uuid\":\"([^\"]+)\".*", "$1");
        assertTrue(arrived.stream().noneMatch(m -> badUuid.equals(prop(m, "vonageMessageUuid"))), "a refused event was forwarded");
    }

    @Test
    void duplicateIsStoredOnceAndAnsweredAsDuplicate() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String body = Samples.withUuid("inbound-messenger-text", uuid);
        assertEquals("{\"status\":\"accepted\"}", bridge.postSigned("/webhooks/inbound-message", body).body());
        // Vonage's retry carries a fresh or the same token; either way the event is stored once. Retries are routine:
        // no warning for them (the broker's own would print the event's properties, target URIs included).
        HttpResponse<String> retry;
        try (LogCapture log = new LogCapture()) {
            retry = bridge.postSigned("/webhooks/inbound-message", body);
            assertEquals(List.of(), log.lines().stream().filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList());
        }
        assertEquals(200, retry.statusCode());
        assertEquals("{\"status\":\"duplicate\"}", retry.body());
        // The same uuid as a status is a different event.
        String status = Samples.withUuid("status-viber-read", uuid);
        assertEquals("{\"status\":\"accepted\"}", bridge.postSigned("/webhooks/message-status", status).body());
        assertEquals("{\"status\":\"duplicate\"}", bridge.postSigned("/webhooks/message-status", status).body());

        List<Message> arrived = markerAndEverythingBefore(INBOUND);
        assertEquals(1, arrived.stream().filter(m -> uuid.equals(prop(m, "vonageMessageUuid"))).count());
        List<Message> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            statuses.addAll(Queues.drain(STATUS));
            return statuses.stream().anyMatch(m -> uuid.equals(prop(m, "vonageMessageUuid")));
        });
        assertEquals(1, statuses.stream().filter(m -> uuid.equals(prop(m, "vonageMessageUuid"))).count());
    }

    @Test
    void signedButUnusableBodiesGet400AndAreKeptOnTheDeadLetterQueue() throws Exception {
        for (String[] c : new String[][] {
                {Samples.load("v01-whatsapp-text"), "Messages API v0.1 payload"},
                {"[1,2,3]", "body is not a JSON object"},
                {"not json", "body is not valid JSON"}}) {
            HttpResponse<String> r = bridge.postSigned("/webhooks/inbound-message", c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertTrue(r.body().startsWith("{\"error\":\"invalid_payload\",\"reason\":\"" + c[1]), r.body());
        }
        // Other tests of this class park refused events on the same queue: this test's are found by their bodies.
        List<String> bodies = List.of(Samples.load("v01-whatsapp-text"), "[1,2,3]", "not json");
        List<Message> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            dead.addAll(Queues.drain("bridge.dlq"));
            return bodies.stream().allMatch(b -> dead.stream().anyMatch(m -> b.equals(Queues.text(m))));
        });
        for (String b : bodies) {
            assertEquals(1, dead.stream().filter(m -> b.equals(Queues.text(m))).count(), b);
        }
        TextMessage v01 = (TextMessage) dead.stream().filter(m -> bodies.get(0).equals(Queues.text(m))).findFirst().orElseThrow();
        assertTrue(v01.getStringProperty("bridgeFailureReason").startsWith("Messages API v0.1"), v01.getStringProperty("bridgeFailureReason"));
        assertEquals("ingress", v01.getStringProperty("bridgeFailedStage"));
        assertEquals("inbound-message", v01.getStringProperty("vonageKind"));
    }

    @Test
    void aSignedBodyMustFitTheUrlAndItsValuesMustBeShortWords() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String status = Samples.withUuid("status-whatsapp-delivered", uuid);
        HttpResponse<String> misplaced = bridge.postSigned("/webhooks/inbound-message", status);
        assertEquals(400, misplaced.statusCode(), misplaced.body());
        assertTrue(misplaced.body().contains("a message status sent to the inbound-message URL"), misplaced.body());
        HttpResponse<String> longStatus = bridge.postSigned("/webhooks/message-status",
                status.replace("\"status\":\"delivered\"", "\"status\":\"" + "d".repeat(2000) + "\""));
        assertEquals(400, longStatus.statusCode(), longStatus.body());
        assertTrue(longStatus.body().contains("status is not a Vonage value"), longStatus.body());
        // The genuine status, posted where it belongs, is not taken for a duplicate of anything.
        assertEquals("{\"status\":\"accepted\"}", bridge.postSigned("/webhooks/message-status", status).body());
        assertEquals(1, markerAndEverythingBefore(STATUS).stream().filter(m -> uuid.equals(prop(m, "vonageMessageUuid"))).count());
    }

    @Test
    void httpRulesMethodSizeAndPath() throws Exception {
        HttpResponse<String> get = bridge.send(HttpRequest.newBuilder(bridge.url("/webhooks/inbound-message")).GET().build());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        byte[] big = ("{\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = bridge.post("/webhooks/inbound-message", big, "Bearer " + SampleSender.sign(BridgeRunner.SECRET, big, "a1b2c3d4"));
        assertEquals(413, tooLarge.statusCode());
        assertEquals(404, bridge.post("/webhooks/other", new byte[0], null).statusCode());
    }

    @Test
    void readinessReportsTheBroker() throws Exception {
        assertEquals(200, bridge.readyStatus());
        EmbeddedBroker broker = bridge.context().getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class);
        assertTrue(broker.isActive());
        // The staging address keeps 24 h of dedupe ids and still inherits the catch-all dead-letter settings.
        var staging = broker.server().getAddressSettingsRepository().getMatch("bridge.staging");
        assertEquals(500_000, staging.getIDCacheSize());
        assertEquals("bridge.dlq", staging.getDeadLetterAddress().toString());
        assertEquals(20_000, broker.server().getConfiguration().getIDCacheSize());
        // Delivery queues: broker-side backoff of their own, the rest inherited.
        var delivery = broker.server().getAddressSettingsRepository().getMatch("bridge.deliver.jms-queue-x-00000000");
        assertEquals(100, delivery.getRedeliveryDelay());
        assertEquals(2.0, delivery.getRedeliveryMultiplier());
        assertEquals("bridge.dlq", delivery.getDeadLetterAddress().toString());
        assertEquals(org.apache.activemq.artemis.core.settings.impl.DiskFullMessagePolicy.FAIL, delivery.getDiskFullMessagePolicy());
        assertTrue(broker.server().getConfiguration().isJournalDatasync());
        assertTrue(broker.server().getConfiguration().isPersistenceEnabled());
    }
}
