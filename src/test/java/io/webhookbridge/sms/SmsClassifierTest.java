package io.webhookbridge.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.InvalidPayloadException;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.event.StatusRank;
import io.webhookbridge.signature.AddressRanges;
import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import io.webhookbridge.signature.SignatureSecrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.webhookbridge.sms.SmsTestSigning.SECRET;
import static io.webhookbridge.sms.SmsTestSigning.encode;
import static io.webhookbridge.sms.SmsTestSigning.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SmsClassifierTest {

    static final long NOW = 1_750_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String RECEIVED_AT = "2025-06-15T15:06:40Z";
    static final ObjectMapper JSON = new ObjectMapper();
    static final CamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void closeCamel() throws Exception {
        CAMEL.close();
    }

    static SmsClassifier classifier(String method, boolean required) {
        SmsSignatureVerifier v = new SmsSignatureVerifier(new SignatureSecrets(SECRET, null),
                SmsSignatureMethod.fromConfig(method), 300, 60, required, CLOCK);
        return new SmsClassifier(v, CLOCK);
    }

    static LinkedHashMap<String, String> inboundSms() {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", "447700900123");
        p.put("to", "447700900456");
        p.put("messageId", "1A00000012345678");
        p.put("text", "Hi & welcome=yes + Grüße 👋 100%");
        p.put("type", "unicode");
        p.put("keyword", "HI");
        p.put("api-key", "a1b2c3d4");
        p.put("message-timestamp", "2025-06-15 15:06:30");
        p.put("timestamp", Long.toString(NOW - 10));
        p.put("nonce", "3f1c9a52-7d2e-4b8f-9a61-0c5e2d7b4a11");
        return p;
    }

    static LinkedHashMap<String, String> receipt() {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", "447700900321");
        p.put("to", "AcmeShop");
        p.put("network-code", "23415");
        p.put("messageId", "1B000000AAAA0001");
        p.put("price", "0.04210000");
        p.put("status", "failed");
        p.put("scts", "2506021214");
        p.put("err-code", "3");
        p.put("api-key", "a1b2c3d4");
        p.put("client-ref", "order/77 81");
        p.put("message-timestamp", "2025-06-15 15:06:30");
        p.put("timestamp", Long.toString(NOW - 10));
        p.put("nonce", "9d2c7e10-55aa-4c3b-8f4e-1b2a3c4d5e6f");
        return p;
    }

    static Exchange request(String kind, String method, String contentType, String query, byte[] body) {
        Exchange ex = new DefaultExchange(CAMEL);
        ex.getIn().setHeader(EventHeaders.KIND, kind);
        ex.getIn().setHeader(Exchange.HTTP_METHOD, method);
        if (contentType != null) {
            ex.getIn().setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        if (query != null) {
            ex.getIn().setHeader(Exchange.HTTP_QUERY, query);
        }
        ex.getIn().setHeader("Authorization", "Basic Zm9vOmJhcg==");
        ex.getIn().setBody(body);
        return ex;
    }

    /** The same parameters as GET (%20 spaces), POST form ('+' spaces), POST JSON, and POST JSON with charset. */
    static List<Exchange> allEncodings(String kind, Map<String, String> params) throws Exception {
        byte[] form = encode(params, false).getBytes(StandardCharsets.US_ASCII);
        byte[] json = JSON.writeValueAsBytes(params);
        return List.of(
                request(kind, "GET", null, encode(params, true), new byte[0]),
                request(kind, "POST", "application/x-www-form-urlencoded", "ignored=1", form),
                request(kind, "POST", "application/x-www-form-urlencoded; charset=UTF-8", null, form),
                request(kind, "POST", "application/json", null, json),
                request(kind, "POST", "application/json; charset=utf-8", "ignored=1", json));
    }

    static Map<String, Object> headers(Exchange ex) {
        return new TreeMap<>(ex.getIn().getHeaders());
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5hash", "md5", "sha1", "sha256", "sha512"})
    void inboundSmsIsTheSameInEveryEncoding(String method) throws Exception {
        LinkedHashMap<String, String> params = signed(method, inboundSms());
        Map<String, Object> expectedHeaders = new TreeMap<>(Map.of(
                EventHeaders.KIND, EventHeaders.KIND_INBOUND_SMS,
                EventHeaders.CHANNEL, "sms",
                EventHeaders.MESSAGE_ID, "1A00000012345678",
                EventHeaders.API_KEY, "a1b2c3d4",
                EventHeaders.RECEIVED_AT, RECEIVED_AT,
                EventHeaders.SIGNATURE_VERIFIED, Boolean.TRUE,
                EventHeaders.DEDUPE_KEY, "inbound-sms:1A00000012345678",
                EventHeaders.EVENT_ID, "inbound-sms-1A00000012345678"));
        for (Exchange ex : allEncodings(EventHeaders.KIND_INBOUND_SMS, params)) {
            classifier(method, true).classify(ex);
            assertEquals(JSON.writeValueAsString(params), ex.getIn().getBody(), "body");
            assertEquals(String.class, ex.getIn().getBody().getClass());
            assertEquals(expectedHeaders, headers(ex));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5hash", "md5", "sha1", "sha256", "sha512"})
    void receiptIsTheSameInEveryEncoding(String method) throws Exception {
        LinkedHashMap<String, String> params = signed(method, receipt());
        Map<String, Object> expectedHeaders = new TreeMap<>(Map.of(
                EventHeaders.KIND, EventHeaders.KIND_DELIVERY_RECEIPT,
                EventHeaders.CHANNEL, "sms",
                EventHeaders.MESSAGE_ID, "1B000000AAAA0001",
                EventHeaders.STATUS, "failed",
                EventHeaders.ERR_CODE, "3",
                EventHeaders.API_KEY, "a1b2c3d4",
                EventHeaders.RECEIVED_AT, RECEIVED_AT,
                EventHeaders.SIGNATURE_VERIFIED, Boolean.TRUE,
                EventHeaders.DEDUPE_KEY, "delivery-receipt:1B000000AAAA0001:failed:3",
                EventHeaders.EVENT_ID, "delivery-receipt-1B000000AAAA0001_failed_3"));
        // A failed receipt is final; its time is the message-timestamp, UTC.
        expectedHeaders.put(StatusRank.RANK, StatusRank.FINAL);
        expectedHeaders.put(StatusRank.TIMESTAMP, "2025-06-15T15:06:30Z");
        for (Exchange ex : allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, params)) {
            classifier(method, true).classify(ex);
            assertEquals(JSON.writeValueAsString(params), ex.getIn().getBody(), "body");
            assertEquals(expectedHeaders, headers(ex));
        }
    }

    @Test
    void signedD1GetGivesFlatJsonInReceivedOrder() throws Exception {
        Clock d1Clock = Clock.fixed(Instant.ofEpochSecond(1741944667L + 3), ZoneOffset.UTC);
        SmsClassifier c = new SmsClassifier(new SmsSignatureVerifier(new SignatureSecrets(SECRET, null),
                SmsSignatureMethod.SHA256, 300, 60, true, d1Clock), d1Clock);
        Exchange ex = request(EventHeaders.KIND_DELIVERY_RECEIPT, "GET", null, SmsSignatureVectorsTest.D1_QUERY, null);
        c.classify(ex);
        assertEquals("{\"msisdn\":\"447700900123\",\"to\":\"AcmeShop\",\"network-code\":\"23410\","
                + "\"messageId\":\"1B00000098765432\",\"price\":\"0.04210000\",\"status\":\"delivered\","
                + "\"scts\":\"2503140931\",\"err-code\":\"0\",\"api-key\":\"a1b2c3d4\",\"client-ref\":\"order-7781\","
                + "\"message-timestamp\":\"2025-03-14 09:31:07\",\"timestamp\":\"1741944667\","
                + "\"nonce\":\"9d2c7e10-55aa-4c3b-8f4e-1b2a3c4d5e6f\","
                + "\"sig\":\"E2174C14FA2BCCEAEC12A418D347E6F9B0F7F7B58B79F9BE80FE8BB9DB309E8B\"}", ex.getIn().getBody());
        assertEquals("delivery-receipt:1B00000098765432:delivered:0", ex.getIn().getHeader(EventHeaders.DEDUPE_KEY));
        assertEquals("2025-03-14T09:31:10Z", ex.getIn().getHeader(EventHeaders.RECEIVED_AT));
    }

    @Test
    void signedMultipartFormInboundGetsConcatHeaders() throws Exception {
        LinkedHashMap<String, String> part = inboundSms();
        part.put("msisdn", "33612345678");
        part.put("concat", "true");
        part.put("concat-ref", "74");
        part.put("concat-total", "3");
        part.put("concat-part", "2");
        Exchange ex = allEncodings(EventHeaders.KIND_INBOUND_SMS, signed("md5hash", part)).get(1);
        classifier("md5hash", true).classify(ex);
        assertEquals(Boolean.TRUE, ex.getIn().getHeader(EventHeaders.SIGNATURE_VERIFIED));
        assertEquals("74", ex.getIn().getHeader(SmsClassifier.CONCAT_REF));
        assertEquals(3, ex.getIn().getHeader(SmsClassifier.CONCAT_TOTAL));
        assertEquals(2, ex.getIn().getHeader(SmsClassifier.CONCAT_PART));
        String key = ex.getIn().getHeader(SmsClassifier.CONCAT_KEY, String.class);
        assertEquals(SmsClassifier.concatKey("33612345678", "447700900456", "74"), key);
        assertEquals(32, key.length());
        assertFalse(key.contains("33612345678"), "no phone number in the correlation key");
        assertNotEquals(key, SmsClassifier.concatKey("33612345678", "447700900456", "75"));
        assertEquals("inbound-sms:1A00000012345678", ex.getIn().getHeader(EventHeaders.DEDUPE_KEY));
        assertNull(ex.getIn().getHeader(EventHeaders.STATUS));
    }

    @Test
    void unsignedPartsAreNeverJoinedAndLiveInTheirOwnNamespace() throws Exception {
        // Example C-2, unsigned, accepted only because signatures are not required here.
        String c2 = "msisdn=33612345678&to=447700900456&messageId=1A0000001234ABCD&text=second%20part%20of%20the%20text"
                + "&type=text&keyword=SECOND&api-key=a1b2c3d4&message-timestamp=2025-06-02%2012%3A00%3A07&concat=true"
                + "&concat-ref=74&concat-total=3&concat-part=2";
        Exchange ex = request(EventHeaders.KIND_INBOUND_SMS, "POST", "application/x-www-form-urlencoded", null,
                c2.getBytes(StandardCharsets.US_ASCII));
        classifier("md5hash", false).classify(ex);
        assertEquals(Boolean.FALSE, ex.getIn().getHeader(EventHeaders.SIGNATURE_VERIFIED));
        assertNull(ex.getIn().getHeader(SmsClassifier.CONCAT_KEY), "an unsigned part never joins a long SMS");
        assertNull(ex.getIn().getHeader(SmsClassifier.CONCAT_PART));
        assertEquals("unsigned:inbound-sms:1A0000001234ABCD", ex.getIn().getHeader(EventHeaders.DEDUPE_KEY));
        assertEquals("unverified.inbound-sms-1A0000001234ABCD", ex.getIn().getHeader(EventHeaders.EVENT_ID));
        assertEquals("second part of the text",
                JSON.readTree(ex.getIn().getBody(String.class)).get("text").asText());
    }

    @Test
    void aBlankValueTheSignatureSkippedIsDropped() throws Exception {
        // The "skip blank" variant signs without blank values, so a replay could add " " values unnoticed: they must
        // not change the event (its body or its dedupe key).
        LinkedHashMap<String, String> p = receipt();
        p.remove("err-code");
        LinkedHashMap<String, String> genuine = signed("sha256", p, SECRET, true);
        LinkedHashMap<String, String> replay = new LinkedHashMap<>(genuine);
        replay.put("err-code", " ");
        Exchange original = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, genuine).get(3);
        Exchange replayed = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, replay).get(3);
        classifier("sha256", true).classify(original);
        classifier("sha256", true).classify(replayed);
        assertEquals(original.getIn().getHeader(EventHeaders.DEDUPE_KEY), replayed.getIn().getHeader(EventHeaders.DEDUPE_KEY));
        assertEquals(original.getIn().getBody(String.class), replayed.getIn().getBody(String.class));
        assertNull(replayed.getIn().getHeader(EventHeaders.ERR_CODE));
    }

    @Test
    void unsignedWebhooksCanBeLimitedToSourceAddresses() throws Exception {
        SmsClassifier c = new SmsClassifier(new SmsSignatureVerifier(new SignatureSecrets(SECRET, null),
                SmsSignatureMethod.SHA256, 300, 60, false, CLOCK), AddressRanges.parse("192.0.2.0/24"), CLOCK);
        Exchange inside = allEncodings(EventHeaders.KIND_INBOUND_SMS, inboundSms()).get(0);
        inside.setProperty(EventHeaders.CLIENT_ADDRESS, InetAddress.getByName("192.0.2.10"));
        c.classify(inside);
        assertEquals(Boolean.FALSE, inside.getIn().getHeader(EventHeaders.SIGNATURE_VERIFIED));

        Exchange outside = allEncodings(EventHeaders.KIND_INBOUND_SMS, inboundSms()).get(0);
        outside.setProperty(EventHeaders.CLIENT_ADDRESS, InetAddress.getByName("198.51.100.10"));
        assertThrows(MissingSignatureException.class, () -> c.classify(outside));
        Exchange unknown = allEncodings(EventHeaders.KIND_INBOUND_SMS, inboundSms()).get(0);
        assertThrows(MissingSignatureException.class, () -> c.classify(unknown));

        // A signed webhook is taken from anywhere.
        Exchange signedOutside = allEncodings(EventHeaders.KIND_INBOUND_SMS, signed("sha256", inboundSms())).get(0);
        signedOutside.setProperty(EventHeaders.CLIENT_ADDRESS, InetAddress.getByName("198.51.100.10"));
        c.classify(signedOutside);
        assertEquals(Boolean.TRUE, signedOutside.getIn().getHeader(EventHeaders.SIGNATURE_VERIFIED));
    }

    @Test
    void valuesThatBecomePropertiesAreBounded() throws Exception {
        LinkedHashMap<String, String> longStatus = receipt();
        longStatus.put("status", "x".repeat(5000));
        Exchange signedLong = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, signed("sha256", longStatus)).get(3);
        assertThrows(InvalidPayloadException.class, () -> classifier("sha256", true).classify(signedLong));
        // Unsigned, the same is refused without being kept anywhere.
        Exchange unsignedLong = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, longStatus).get(3);
        assertThrows(MalformedRequestException.class, () -> classifier("sha256", false).classify(unsignedLong));

        for (String[] field : new String[][] {{"messageId", "concat:1"}, {"messageId", "a".repeat(65)},
                {"err-code", "3\r\nX"}, {"api-key", "k e y"}}) {
            LinkedHashMap<String, String> p = receipt();
            p.put(field[0], field[1]);
            Exchange ex = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, signed("sha256", p)).get(0);
            assertThrows(InvalidPayloadException.class, () -> classifier("sha256", true).classify(ex), field[0]);
            // What the dead-letter queue keeps of a refused signed GET: its parameters, not its empty body.
            assertEquals(field[1], JSON.readTree(ex.getIn().getBody(String.class)).get(field[0]).asText());
        }
    }

    @Test
    void aHugeConcatTotalIsNotALongSms() throws Exception {
        LinkedHashMap<String, String> part = inboundSms();
        part.put("concat", "true");
        part.put("concat-ref", "9");
        part.put("concat-total", "9999");
        part.put("concat-part", "1");
        Exchange ex = allEncodings(EventHeaders.KIND_INBOUND_SMS, signed("sha256", part)).get(0);
        classifier("sha256", true).classify(ex);
        assertNull(ex.getIn().getHeader(SmsClassifier.CONCAT_KEY));
    }

    @Test
    void aMessageIdCannotTakeTheIdOfAJoinedLongSms() throws Exception {
        LinkedHashMap<String, String> p = inboundSms();
        p.put("messageId", "concat-1A00000012345678");
        Exchange ex = allEncodings(EventHeaders.KIND_INBOUND_SMS, signed("sha256", p)).get(0);
        classifier("sha256", true).classify(ex);
        // Joined long SMS are "inbound-sms.concat-<id>" (SmsReassembly): a '.' no single SMS's id has there.
        assertEquals("inbound-sms-concat-1A00000012345678", ex.getIn().getHeader(EventHeaders.EVENT_ID));
    }

    @Test
    void incompleteConcatIsForwardedAsASingleMessage() throws Exception {
        Exchange ex = request(EventHeaders.KIND_INBOUND_SMS, "GET", null,
                "msisdn=1&to=2&messageId=M&concat=true&concat-ref=7&concat-total=2&concat-part=3", null);
        ex.getIn().setHeader(SmsClassifier.CONCAT_KEY, "stale");
        classifier("sha256", false).classify(ex);
        assertNull(ex.getIn().getHeader(SmsClassifier.CONCAT_PART));
        assertNull(ex.getIn().getHeader(SmsClassifier.CONCAT_KEY));
    }

    @Test
    void unsignedJsonExamplesC3AndD2() throws Exception {
        Exchange c3 = request(EventHeaders.KIND_INBOUND_SMS, "POST", "application/json", null,
                ("{\"msisdn\":\"447700900123\",\"to\":\"447700900456\",\"messageId\":\"1A0000005555EEEE\",\"text\":\"Bonjour\","
                        + "\"type\":\"text\",\"keyword\":\"BONJOUR\",\"api-key\":\"a1b2c3d4\","
                        + "\"message-timestamp\":\"2025-06-02 12:05:40\"}").getBytes(StandardCharsets.UTF_8));
        classifier("sha256", false).classify(c3);
        assertEquals("unverified.inbound-sms-1A0000005555EEEE", c3.getIn().getHeader(EventHeaders.EVENT_ID));

        Exchange d3 = request(EventHeaders.KIND_DELIVERY_RECEIPT, "GET", null,
                "msisdn=447700900321&to=447700900456&network-code=23430&messageId=1B000000AAAA0002&price=0.03330000"
                        + "&status=accepted&scts=2506021215&api-key=a1b2c3d4"
                        + "&message-timestamp=2025-06-02%2012%3A15%3A03", null);
        d3.getIn().setHeader(EventHeaders.ERR_CODE, "forged");
        classifier("sha256", false).classify(d3);
        // err-code removed from D-3 here: the key keeps an empty segment and no stale header survives.
        assertEquals("unsigned:delivery-receipt:1B000000AAAA0002:accepted:", d3.getIn().getHeader(EventHeaders.DEDUPE_KEY));
        assertNull(d3.getIn().getHeader(EventHeaders.ERR_CODE));
    }

    @Test
    void requestHeadersAreRemoved() throws Exception {
        Exchange ex = allEncodings(EventHeaders.KIND_INBOUND_SMS, signed("sha1", inboundSms())).get(4);
        classifier("sha1", true).classify(ex);
        for (String h : new String[] {Exchange.HTTP_QUERY, Exchange.HTTP_METHOD, Exchange.CONTENT_TYPE, "Authorization"}) {
            assertFalse(ex.getIn().getHeaders().containsKey(h), h);
        }
    }

    @Test
    void missingRequiredFieldsAreInvalidPayload() throws Exception {
        LinkedHashMap<String, String> noId = inboundSms();
        noId.remove("messageId");
        Exchange ex = allEncodings(EventHeaders.KIND_INBOUND_SMS, signed("sha256", noId)).get(0);
        assertEquals("missing messageId",
                assertThrows(InvalidPayloadException.class, () -> classifier("sha256", true).classify(ex)).getMessage());

        LinkedHashMap<String, String> noStatus = receipt();
        noStatus.remove("status");
        Exchange ex2 = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, signed("sha256", noStatus)).get(3);
        assertEquals("missing status",
                assertThrows(InvalidPayloadException.class, () -> classifier("sha256", true).classify(ex2)).getMessage());
    }

    @Test
    void signatureIsCheckedBeforeContent() throws Exception {
        LinkedHashMap<String, String> noId = signed("sha256", inboundSms());
        noId.remove("messageId");
        Exchange ex = allEncodings(EventHeaders.KIND_INBOUND_SMS, noId).get(1);
        assertThrows(InvalidSignatureException.class, () -> classifier("sha256", true).classify(ex));

        Exchange unsigned = allEncodings(EventHeaders.KIND_DELIVERY_RECEIPT, receipt()).get(3);
        assertThrows(MissingSignatureException.class, () -> classifier("sha256", true).classify(unsigned));
    }

    @Test
    void badEncodingsAreRefusedWithoutBeingKept() {
        String kind = EventHeaders.KIND_INBOUND_SMS;
        for (Exchange ex : List.of(
                request(kind, "GET", null, "messageId=1&text=50%", null),
                request(kind, "POST", "application/json", null, "[{\"messageId\":\"1\"}]".getBytes(StandardCharsets.UTF_8)),
                request(kind, "POST", "application/json", null, "{\"messageId\":{\"id\":\"1\"}}".getBytes(StandardCharsets.UTF_8)),
                request(kind, "POST", "text/plain", null, "messageId=1".getBytes(StandardCharsets.UTF_8)))) {
            assertThrows(MalformedRequestException.class, () -> classifier("sha256", false).classify(ex));
        }
    }

    @Test
    void unknownKindIsARouteError() {
        Exchange ex = request("message-status", "GET", null, "messageId=1", null);
        assertThrows(IllegalStateException.class, () -> classifier("sha256", false).classify(ex));
    }
}
