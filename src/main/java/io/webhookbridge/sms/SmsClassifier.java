package io.webhookbridge.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.InvalidPayloadException;
import io.webhookbridge.event.Sha256;
import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Message;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Camel bean for SMS API webhooks (kinds C and D): parses whichever encoding arrived, verifies {@code sig},
 * and turns the request into the bridge's event form — a flat JSON object of strings plus classification
 * headers. The route sets {@code vonageKind} before calling it (one route per kind).
 */
public final class SmsClassifier implements Processor {

    public static final String CHANNEL_SMS = "sms";
    /** Multipart inbound SMS: Vonage does not reassemble (spec §2.2); these carry what reassembly joins on. */
    public static final String CONCAT_REF = "vonageConcatRef";
    public static final String CONCAT_TOTAL = "vonageConcatTotal";
    public static final String CONCAT_PART = "vonageConcatPart";
    public static final String CONCAT_KEY = "bridgeConcatKey";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmsSignatureVerifier verifier;
    private final Clock clock;

    public SmsClassifier(SmsSignatureVerifier verifier, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs as a route step ({@code process: ref: ...}): a plain processor, no bean-method binding per webhook. */
    @Override
    public void process(Exchange exchange) throws Exception {
        classify(exchange);
    }

    public void classify(Exchange exchange)
            throws InvalidPayloadException, InvalidSignatureException, MissingSignatureException {
        Message in = exchange.getIn();
        String kind = in.getHeader(EventHeaders.KIND, String.class);
        boolean receipt = EventHeaders.KIND_DELIVERY_RECEIPT.equals(kind);
        if (!receipt && !EventHeaders.KIND_INBOUND_SMS.equals(kind)) {
            // A route wiring error, not a bad request: fail loudly (500) rather than answer 400.
            throw new IllegalStateException("SmsClassifier needs header " + EventHeaders.KIND + " = "
                    + EventHeaders.KIND_INBOUND_SMS + " or " + EventHeaders.KIND_DELIVERY_RECEIPT);
        }

        byte[] body = in.getBody(byte[].class);
        LinkedHashMap<String, String> params = SmsParameters.parse(
                in.getHeader(Exchange.HTTP_METHOD, String.class),
                in.getHeader(Exchange.CONTENT_TYPE, String.class),
                in.getHeader(Exchange.HTTP_QUERY, String.class),
                body);

        // Signature before content checks: a 400 must only ever be about a body Vonage really sent.
        boolean verified = verifier.verify(params);

        String messageId = required(params, "messageId");
        String status = receipt ? required(params, "status") : null;
        String errCode = receipt ? params.get("err-code") : null;

        in.setBody(toJson(params));
        in.setHeader(EventHeaders.CHANNEL, CHANNEL_SMS);
        in.setHeader(EventHeaders.MESSAGE_ID, messageId);
        setOrRemove(in, EventHeaders.STATUS, status);
        setOrRemove(in, EventHeaders.ERR_CODE, errCode);
        setOrRemove(in, EventHeaders.API_KEY, params.get(SmsSignatureVerifier.API_KEY));
        in.setHeader(EventHeaders.RECEIVED_AT, clock.instant().toString());
        in.setHeader(EventHeaders.SIGNATURE_VERIFIED, Boolean.valueOf(verified));

        // Idempotency keys per spec §5; a receipt without err-code keeps an empty last segment.
        String dedupeKey = receipt ? messageId + ":" + status + ":" + (errCode == null ? "" : errCode) : messageId;
        in.setHeader(EventHeaders.DEDUPE_KEY, kind + ":" + dedupeKey);
        in.setHeader(EventHeaders.EVENT_ID, EventHeaders.eventId(kind, dedupeKey));

        setConcatHeaders(in, receipt ? null : params);

        // Request plumbing must not travel with the event (and platform-http would echo it in the reply).
        in.removeHeader(Exchange.HTTP_QUERY);
        in.removeHeader(Exchange.HTTP_METHOD);
        in.removeHeader(Exchange.CONTENT_TYPE);
        in.removeHeader("Authorization");
    }

    /**
     * Concat headers only for a complete, well-formed multipart set (concat=true, ref, part 1..total, msisdn, to).
     * Anything less is forwarded as a stand-alone message rather than rejected: a 4xx would make Vonage drop the
     * text, while a half-described part would only confuse reassembly.
     */
    private static void setConcatHeaders(Message in, LinkedHashMap<String, String> params) {
        in.removeHeader(CONCAT_REF);
        in.removeHeader(CONCAT_TOTAL);
        in.removeHeader(CONCAT_PART);
        in.removeHeader(CONCAT_KEY);
        if (params == null || !"true".equalsIgnoreCase(params.get("concat"))) {
            return;
        }
        String ref = params.get("concat-ref");
        Integer total = positiveInt(params.get("concat-total"));
        Integer part = positiveInt(params.get("concat-part"));
        String msisdn = params.get("msisdn");
        String to = params.get("to");
        if (isBlank(ref) || total == null || part == null || part > total || isBlank(msisdn) || isBlank(to)) {
            return;
        }
        in.setHeader(CONCAT_REF, ref);
        in.setHeader(CONCAT_TOTAL, total);
        in.setHeader(CONCAT_PART, part);
        in.setHeader(CONCAT_KEY, concatKey(msisdn, to, ref));
    }

    /**
     * The correlation key of a long SMS's parts: sender, receiver and concat-ref, hashed so that the key (a broker
     * property, a database id, maybe a log line) never carries a phone number.
     */
    static String concatKey(String msisdn, String to, String ref) {
        return Sha256.hexPrefix(msisdn + ":" + to + ":" + ref, 16);
    }

    private static String required(LinkedHashMap<String, String> params, String name) throws InvalidPayloadException {
        String value = params.get(name);
        if (isBlank(value)) {
            throw new InvalidPayloadException("missing " + name);
        }
        return value;
    }

    private static String toJson(LinkedHashMap<String, String> params) throws InvalidPayloadException {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException("cannot serialise parameters");
        }
    }

    private static void setOrRemove(Message in, String name, String value) {
        // Remove when absent so a stale header from earlier in the route can never pass for ours.
        if (value == null) {
            in.removeHeader(name);
        } else {
            in.setHeader(name, value);
        }
    }

    private static Integer positiveInt(String value) {
        if (value == null || value.isEmpty() || value.length() > 4 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n > 0 ? n : null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
