package io.webhookbridge.ordering;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.StatusRank;
import io.webhookbridge.messages.MessagesClassifier;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsClassifier;
import io.webhookbridge.sms.SmsSignatureMethod;
import io.webhookbridge.sms.SmsSignatureVerifier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Rank and timestamp of status events, through the real classifiers, on the payload shapes Vonage's SDKs and docs
 * show (status words, ISO timestamps with and without millis or offset, the older "yyyy-MM-dd HH:mm:ss +0000", SMS
 * receipts' message-timestamp and scts, and odd or unparsable values).
 */
class StatusRankTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-02T12:00:00Z"), ZoneOffset.UTC);
    private static final CamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void closeCamel() throws Exception {
        CAMEL.close();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "submitted, 2025-06-02T11:00:01.020Z, 1, 2025-06-02T11:00:01.020Z",
            "delivered, 2025-06-02T11:02:45Z, 2, 2025-06-02T11:02:45Z",
            "read, 2020-01-01T14:00:00.000Z, 3, 2020-01-01T14:00:00Z",
            "rejected, 2020-01-01T12:00:00.000+00:00, 4, 2020-01-01T12:00:00Z",
            "undeliverable, 2020-01-01T13:00:00+01:00, 4, 2020-01-01T12:00:00Z",
            "failed, 2020-01-01 14:00:00 +0000, 4, 2020-01-01T14:00:00Z",
            "expired, 2019-12-03T12:45:57.929Z, 4, 2019-12-03T12:45:57.929Z",
            "Delivered, 2016-11-14T07:45:14Z, 2, 2016-11-14T07:45:14Z",
            "deleted, 2025-13-02T11:02:45Z, none, none",
            "submitted, yesterday, 1, none",
            "submitted, none, 1, none"})
    void messagesApiStatuses(String status, String timestamp, Integer rank, String normalised) throws Exception {
        String body = "{\"message_uuid\":\"c0ffee00-1234-4abc-9def-0123456789ab\",\"to\":\"447700900123\",\"from\":\"AcmeShop\","
                + (timestamp == null ? "" : "\"timestamp\":\"" + timestamp + "\",")
                + "\"status\":\"" + status + "\",\"channel\":\"sms\",\"usage\":{\"currency\":\"EUR\",\"price\":\"0.0842\"}}";
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(EventHeaders.KIND, EventHeaders.KIND_MESSAGE_STATUS);
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        new MessagesClassifier(CLOCK).classify(exchange);
        assertEquals(rank, exchange.getMessage().getHeader(StatusRank.RANK));
        assertEquals(normalised, exchange.getMessage().getHeader(StatusRank.TIMESTAMP));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "timestamp, 1582650446",
            "timestamp, 12"})
    void aMessagesTimestampThatIsNotTextIsLeftOut(String field, long number) throws Exception {
        String body = "{\"message_uuid\":\"c0ffee00-1234-4abc-9def-0123456789ab\",\"" + field + "\":" + number
                + ",\"status\":\"read\",\"channel\":\"whatsapp\"}";
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(EventHeaders.KIND, EventHeaders.KIND_MESSAGE_STATUS);
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        new MessagesClassifier(CLOCK).classify(exchange);
        assertEquals(3, exchange.getMessage().getHeader(StatusRank.RANK));
        assertFalse(exchange.getMessage().getHeaders().containsKey(StatusRank.TIMESTAMP));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "accepted, 2014-07-23 03:41:03, 1412301225, 1, 2014-07-23T03:41:03Z",
            "buffered, 2020-07-17 02:34:35, 2007170234, 1, 2020-07-17T02:34:35Z",
            "delivered, 2020-10-25 12:10:29, 1810251310, 2, 2020-10-25T12:10:29Z",
            "delivered, 2020-01-01T12:00:00.000+00:00, 2001011400, 2, 2020-01-01T12:00:00Z",
            "delivered, \\2020-01-01\\ 12:00:00, 1208121359, 2, 2012-08-12T13:59:00Z",
            "delivered, none, 1208121359, 2, 2012-08-12T13:59:00Z",
            "delivered, none, 1234567890, 2, none",
            "expired, 2025-06-02 12:14:52, none, 4, 2025-06-02T12:14:52Z",
            "failed, 2025-06-02 12:14:52, 2506021214, 4, 2025-06-02T12:14:52Z",
            "rejected, 2025-02-30 12:14:52, none, 4, none",
            "unknown, 2025-06-02 12:14:52, 2506021214, none, 2025-06-02T12:14:52Z"})
    void smsDeliveryReceipts(String status, String messageTimestamp, String scts, Integer rank, String normalised)
            throws Exception {
        StringBuilder body = new StringBuilder("{\"msisdn\":\"447700900321\",\"to\":\"AcmeShop\",\"network-code\":\"23415\","
                + "\"messageId\":\"1B000000AAAA0001\",\"price\":\"0.04210000\",\"status\":\"" + status + "\",\"err-code\":\"0\","
                + "\"api-key\":\"a1b2c3d4\"");
        if (scts != null) {
            body.append(",\"scts\":\"").append(scts).append('"');
        }
        if (messageTimestamp != null) {
            body.append(",\"message-timestamp\":\"").append(messageTimestamp.replace("\\", "\\\\")).append('"');
        }
        body.append('}');
        Exchange exchange = smsRequest(EventHeaders.KIND_DELIVERY_RECEIPT, body.toString());
        smsClassifier().classify(exchange);
        assertEquals(rank, exchange.getMessage().getHeader(StatusRank.RANK));
        assertEquals(normalised, exchange.getMessage().getHeader(StatusRank.TIMESTAMP));
    }

    @ParameterizedTest
    @CsvSource({"inbound-message", "inbound-sms"})
    void inboundEventsHaveNoRank(String kind) throws Exception {
        Exchange exchange;
        if (kind.equals(EventHeaders.KIND_INBOUND_SMS)) {
            exchange = smsRequest(kind, "{\"msisdn\":\"447700900123\",\"to\":\"447700900456\",\"messageId\":\"1A0000005555EEEE\","
                    + "\"text\":\"Bonjour\",\"type\":\"text\",\"message-timestamp\":\"2025-06-02 12:05:40\"}");
            smsClassifier().classify(exchange);
        } else {
            exchange = new DefaultExchange(CAMEL);
            exchange.getMessage().setHeader(EventHeaders.KIND, kind);
            exchange.getMessage().setBody(("{\"channel\":\"sms\",\"message_uuid\":\"2b7d4f10-8c31-4e6a-b5d2-9f0e1c2a3b4c\","
                    + "\"timestamp\":\"2025-06-02T08:15:42Z\",\"message_type\":\"text\",\"text\":\"Is my parcel on its way?\"}")
                    .getBytes(StandardCharsets.UTF_8));
            new MessagesClassifier(CLOCK).classify(exchange);
        }
        assertFalse(exchange.getMessage().getHeaders().containsKey(StatusRank.RANK));
        assertFalse(exchange.getMessage().getHeaders().containsKey(StatusRank.TIMESTAMP));
    }

    /** Signatures are another test's subject: these requests are unsigned, which the classifier allows when told to. */
    private static SmsClassifier smsClassifier() {
        return new SmsClassifier(new SmsSignatureVerifier(new SignatureSecrets("TestSignatureSecret123", null),
                SmsSignatureMethod.fromConfig("md5hash"), 300, 60, false, CLOCK), CLOCK);
    }

    private static Exchange smsRequest(String kind, String json) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setHeader(EventHeaders.KIND, kind);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody(json.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }
}
