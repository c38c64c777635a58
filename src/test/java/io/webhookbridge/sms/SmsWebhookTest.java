package io.webhookbridge.sms;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SMS API webhooks through the real bridge: every format and signature method, routing, reassembly. */
class SmsWebhookTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    BridgeRunner bridge(String method) throws Exception {
        return new BridgeRunner(work)
                .property("vonage.signature.method", method)
                .property("bridge.target.inbound", "jms:queue:s.inbound")
                .property("bridge.target.status", "jms:queue:s.dlr")
                .property("bridge.target.delivery.receipt.failed", "jms:queue:s.dlr.failed")
                .property("bridge.sms.reassemble-timeout", "3");
    }

    static LinkedHashMap<String, String> inbound(String messageId) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", "447700900123");
        p.put("to", "447700900456");
        p.put("messageId", messageId);
        p.put("text", "Hi & welcome=yes, 10% off");
        p.put("type", "text");
        p.put("keyword", "HI");
        p.put("api-key", "a1b2c3d4");
        p.put("message-timestamp", "2025-03-14 09:26:53");
        p.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        p.put("nonce", UUID.randomUUID().toString());
        return p;
    }

    static LinkedHashMap<String, String> receipt(String messageId, String status, String errCode) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", "447700900321");
        p.put("to", "AcmeShop");
        p.put("network-code", "23415");
        p.put("messageId", messageId);
        p.put("price", "0.04210000");
        p.put("status", status);
        p.put("scts", "2506021214");
        p.put("err-code", errCode);
        p.put("api-key", "a1b2c3d4");
        p.put("message-timestamp", "2025-06-02 12:14:52");
        p.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        p.put("nonce", UUID.randomUUID().toString());
        return p;
    }

    static HttpResponse<String> get(BridgeRunner bridge, String path, Map<String, String> params) throws Exception {
        return bridge.send(HttpRequest.newBuilder(URI.create(bridge.url(path) + "?" + SmsTestSigning.encode(params, true))).GET().build());
    }

    static HttpResponse<String> form(BridgeRunner bridge, String path, Map<String, String> params) throws Exception {
        return bridge.send(HttpRequest.newBuilder(bridge.url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(SmsTestSigning.encode(params, false))).build());
    }

    static HttpResponse<String> json(BridgeRunner bridge, String path, Map<String, String> params) throws Exception {
        return bridge.send(HttpRequest.newBuilder(bridge.url(path)).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(params))).build());
    }

    static List<Message> arrivals(String queue, int count, List<Message> into) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            into.addAll(Queues.drain(queue));
            return into.size() >= count;
        });
        return into;
    }

    /**
     * Everything that arrives on the queue up to and including the event of this messageId, posted last as a marker:
     * what was stored before it is on the queue ahead of it.
     */
    static List<String> idsUntil(String queue, String markerId) {
        List<Message> into = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            into.addAll(Queues.drain(queue));
            return into.stream().anyMatch(m -> markerId.equals(Queues.property(m, "vonageMessageId")));
        });
        return into.stream().map(m -> Queues.property(m, "vonageMessageId")).toList();
    }

    static LinkedHashMap<String, String> fields(Message m) throws Exception {
        return JSON.readValue(((TextMessage) m).getText(), new TypeReference<LinkedHashMap<String, String>>() {
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5hash", "md5", "sha1", "sha256", "sha512"})
    void everyFormatSignedWithEachMethodArrivesWithTheSameContent(String method) throws Exception {
        try (BridgeRunner bridge = bridge(method).start()) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            assertEquals(200, get(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed(method, inbound(run + "-get"))).statusCode());
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed(method, inbound(run + "-form"))).statusCode());
            assertEquals(200, json(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed(method, inbound(run + "-json"))).statusCode());

            List<Message> arrived = arrivals("s.inbound", 3, new ArrayList<>());
            assertEquals(3, arrived.size());
            List<Map<String, String>> contents = new ArrayList<>();
            for (Message m : arrived) {
                assertEquals("inbound-sms", m.getStringProperty("vonageKind"));
                assertEquals("sms", m.getStringProperty("vonageChannel"));
                assertTrue(m.getBooleanProperty("vonageSignatureVerified"));
                LinkedHashMap<String, String> f = fields(m);
                assertEquals("Hi & welcome=yes, 10% off", f.get("text"));
                assertTrue(f.containsKey("sig") && f.containsKey("nonce") && f.containsKey("timestamp"), "kept for re-verification");
                f.keySet().removeAll(List.of("messageId", "sig", "nonce", "timestamp"));
                contents.add(f);
            }
            assertEquals(contents.get(0), contents.get(1));
            assertEquals(contents.get(0), contents.get(2));
            assertEquals(Set.of(run + "-get", run + "-form", run + "-json"),
                    arrived.stream().map(m -> Queues.property(m, "vonageMessageId")).collect(Collectors.toSet()));

            assertEquals(200, get(bridge, "/webhooks/delivery-receipt", SmsTestSigning.signed(method, receipt(run + "-d", "delivered", "0"))).statusCode());
            assertEquals(200, form(bridge, "/webhooks/delivery-receipt", SmsTestSigning.signed(method, receipt(run + "-f", "failed", "3"))).statusCode());
            assertEquals(200, json(bridge, "/webhooks/delivery-receipt", SmsTestSigning.signed(method, receipt(run + "-j", "delivered", "0"))).statusCode());
            List<Message> delivered = arrivals("s.dlr", 2, new ArrayList<>());
            assertEquals(2, delivered.size());
            for (Message m : delivered) {
                assertEquals("delivery-receipt", m.getStringProperty("vonageKind"));
                assertEquals("delivered", m.getStringProperty("vonageStatus"));
                assertEquals("0", m.getStringProperty("vonageErrCode"));
            }
            Message failed = arrivals("s.dlr.failed", 1, new ArrayList<>()).get(0);
            assertEquals("failed", failed.getStringProperty("vonageStatus"));
            assertEquals("3", failed.getStringProperty("vonageErrCode"));
            assertEquals(run + "-f", fields(failed).get("messageId"));

            // Broken variants: 401 and nothing forwarded.
            String other = method.equals("sha256") ? "sha512" : "sha256";
            LinkedHashMap<String, String> tampered = SmsTestSigning.signed(method, inbound(run + "-bad1"));
            tampered.put("text", "Hi & welcome=no");
            LinkedHashMap<String, String> wrongSig = SmsTestSigning.signed(method, inbound(run + "-bad2"));
            wrongSig.put("sig", wrongSig.get("sig").substring(1) + "0");
            LinkedHashMap<String, String> stale = inbound(run + "-bad3");
            stale.put("timestamp", String.valueOf(Instant.now().getEpochSecond() - 259200 - 60));
            for (Map<String, String> bad : List.of(tampered, wrongSig, SmsTestSigning.signed(method, stale),
                    SmsTestSigning.signed(other, inbound(run + "-bad4")))) {
                HttpResponse<String> r = get(bridge, "/webhooks/inbound-sms", bad);
                assertEquals(401, r.statusCode(), r.body());
                assertTrue(r.body().startsWith("{\"error\":\"invalid_signature\""), r.body());
                assertEquals(401, form(bridge, "/webhooks/inbound-sms", bad).statusCode());
            }
            assertEquals(200, get(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed(method, inbound(run + "-marker"))).statusCode());
            assertEquals(List.of(run + "-marker"), idsUntil("s.inbound", run + "-marker"));
        }
    }

    @Test
    void specExampleD1VerifiesAndUnsignedWebhooksAreRefusedByDefault() throws Exception {
        try (BridgeRunner bridge = bridge("sha256").property("bridge.sms.signature-max-age", "1000000000").start()) {
            String d1 = "msisdn=447700900123&to=AcmeShop&network-code=23410&messageId=1B00000098765432&price=0.04210000&status=delivered&scts=2503140931&err-code=0&api-key=a1b2c3d4&client-ref=order-7781&message-timestamp=2025-03-14%2009%3A31%3A07&timestamp=1741944667&nonce=9d2c7e10-55aa-4c3b-8f4e-1b2a3c4d5e6f&sig=E2174C14FA2BCCEAEC12A418D347E6F9B0F7F7B58B79F9BE80FE8BB9DB309E8B";
            assertEquals(200, bridge.send(HttpRequest.newBuilder(URI.create(bridge.url("/webhooks/delivery-receipt") + "?" + d1)).GET().build()).statusCode());
            Message m = arrivals("s.dlr", 1, new ArrayList<>()).get(0);
            assertTrue(m.getBooleanProperty("vonageSignatureVerified"));
            assertEquals("order-7781", fields(m).get("client-ref"));
            assertEquals("E2174C14FA2BCCEAEC12A418D347E6F9B0F7F7B58B79F9BE80FE8BB9DB309E8B", fields(m).get("sig"));

            // Example D-3, unsigned: refused with a 5xx, so that Vonage keeps retrying while the operator turns signing
            // on; nothing of it is stored.
            String d3 = "msisdn=447700900321&to=447700900456&network-code=23430&messageId=1B000000AAAA0002&price=0.03330000&status=accepted&scts=2506021215&err-code=0&api-key=a1b2c3d4&message-timestamp=2025-06-02%2012%3A15%3A03";
            HttpResponse<String> r = bridge.send(HttpRequest.newBuilder(URI.create(bridge.url("/webhooks/delivery-receipt") + "?" + d3)).GET().build());
            assertEquals(503, r.statusCode());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            assertTrue(r.body().startsWith("{\"error\":\"unsigned\""), r.body());
            HttpResponse<String> inboundUnsigned = form(bridge, "/webhooks/inbound-sms", inbound("unsigned-1"));
            assertEquals(503, inboundUnsigned.statusCode());
            // A signed receipt after them: once it has arrived, anything stored before it would be counted.
            assertEquals(200, get(bridge, "/webhooks/delivery-receipt",
                    SmsTestSigning.signed("sha256", receipt("1B000000MARK0001", "delivered", "0"))).statusCode());
            assertEquals(List.of("1B000000MARK0001"), idsUntil("s.dlr", "1B000000MARK0001"));
            io.webhookbridge.broker.EmbeddedBroker broker = bridge.broker();
            assertEquals(0, broker.messageCount("bridge.dlq"));
            assertEquals(0, broker.messageCount("bridge.staging"));
        }
    }

    @Test
    void whenUnsignedWebhooksAreAllowedTheyCannotShadowSignedOnes() throws Exception {
        try (BridgeRunner bridge = bridge("sha256").property("bridge.sms.signature-required", "false").start()) {
            // An unsigned receipt with a guessed messageId, sent first ...
            LinkedHashMap<String, String> guessed = receipt("1B000000CCCC0001", "delivered", "0");
            guessed.remove("timestamp");
            guessed.remove("nonce");
            assertEquals(200, form(bridge, "/webhooks/delivery-receipt", guessed).statusCode());
            // ... does not make the genuine, signed receipt a duplicate.
            HttpResponse<String> genuine = form(bridge, "/webhooks/delivery-receipt",
                    SmsTestSigning.signed("sha256", receipt("1B000000CCCC0001", "delivered", "0")));
            assertEquals("{\"status\":\"accepted\"}", genuine.body());

            List<Message> both = arrivals("s.dlr", 2, new ArrayList<>());
            Message forged = both.stream().filter(m -> !bool(m, "vonageSignatureVerified")).findFirst().orElseThrow();
            Message real = both.stream().filter(m -> bool(m, "vonageSignatureVerified")).findFirst().orElseThrow();
            assertTrue(forged.getStringProperty("bridgeEventId").startsWith("unverified."), forged.getStringProperty("bridgeEventId"));
            assertEquals("delivery-receipt-1B000000CCCC0001_delivered_0", real.getStringProperty("bridgeEventId"));
            // Nor can it queue in the signed message's group (and so hold its line while the bridge retries it).
            assertEquals("1B000000CCCC0001", real.getStringProperty("JMSXGroupID"));
            assertTrue(forged.getStringProperty("JMSXGroupID").startsWith("unverified."), forged.getStringProperty("JMSXGroupID"));
        }
    }

    static boolean bool(Message m, String name) {
        try {
            return m.getBooleanProperty(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static LinkedHashMap<String, String> part(String ref, int part, String messageId, String text) {
        LinkedHashMap<String, String> p = inbound(messageId);
        p.put("text", text);
        p.put("concat", "true");
        p.put("concat-ref", ref);
        p.put("concat-total", "3");
        p.put("concat-part", String.valueOf(part));
        return p;
    }

    @Test
    void longSmsPartsInAnyOrderAndRepeatedComeOutAsOneEvent() throws Exception {
        try (BridgeRunner bridge = bridge("md5hash").start()) {
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("74", 3, "P3", "the end."))).statusCode());
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("74", 1, "P1", "First part, "))).statusCode());
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("74", 1, "P1", "First part, "))).statusCode());
            assertEquals(200, json(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("74", 2, "P2", "second part, "))).statusCode());

            Message joined = arrivals("s.inbound", 1, new ArrayList<>()).get(0);
            Map<String, Object> event = JSON.readValue(((TextMessage) joined).getText(), new TypeReference<Map<String, Object>>() {
            });
            assertEquals("First part, second part, the end.", event.get("text"));
            assertEquals(List.of("P1", "P2", "P3"), event.get("messageIds"));
            assertEquals(3, joined.getIntProperty("vonageConcatParts"));
            assertTrue(joined.getBooleanProperty("vonageConcatComplete"));
            assertEquals("inbound-sms", joined.getStringProperty("vonageKind"));
            assertEquals("P1", joined.getStringProperty("vonageMessageId"));
            // Exactly one event: a marker posted afterwards is the only other arrival.
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", inbound("single-1"))).statusCode());
            assertEquals(List.of("single-1"), idsUntil("s.inbound", "single-1"));
        }
    }

    @Test
    void anIncompleteSetIsEmittedAfterTheTimeoutMarkedIncomplete() throws Exception {
        try (BridgeRunner bridge = bridge("md5hash").start()) {
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("9", 1, "Q1", "one "))).statusCode());
            assertEquals(200, form(bridge, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("9", 3, "Q3", "three"))).statusCode());
            Message partial = arrivals("s.inbound", 1, new ArrayList<>()).get(0);
            assertFalse(partial.getBooleanProperty("vonageConcatComplete"));
            assertEquals(2, partial.getIntProperty("vonageConcatParts"));
            assertEquals("one three", JSON.readTree(((TextMessage) partial).getText()).get("text").asText());
        }
    }

    @Test
    void aRestartBetweenPartsLosesNothing() throws Exception {
        try (BridgeRunner first = bridge("md5hash").property("bridge.sms.reassemble-timeout", "600").start()) {
            assertEquals(200, form(first, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("200", 2, "R2", "b"))).statusCode());
            // Stored and handed to the aggregator before the restart: the staging queue's reader acknowledged it (a
            // count of 0 alone could be read before the broker added it to the queue).
            var staging = first.broker().server().locateQueue(SimpleString.of("bridge.staging"));
            await().atMost(Duration.ofSeconds(10)).until(() -> staging.getMessagesAcknowledged() == 1);
            assertEquals(0, staging.getMessageCount());
        }
        try (BridgeRunner second = bridge("md5hash").property("bridge.sms.reassemble-timeout", "600").start()) {
            assertEquals(200, form(second, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("200", 1, "R1", "a"))).statusCode());
            assertEquals(200, form(second, "/webhooks/inbound-sms", SmsTestSigning.signed("md5hash", part("200", 3, "R3", "c"))).statusCode());
            Message joined = arrivals("s.inbound", 1, new ArrayList<>()).get(0);
            assertEquals("abc", JSON.readTree(((TextMessage) joined).getText()).get("text").asText());
            assertTrue(joined.getBooleanProperty("vonageConcatComplete"));
        }
    }
}
