package io.webhookbridge.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.FieldRules;
import io.webhookbridge.event.InvalidPayloadException;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.event.Sha256;
import io.webhookbridge.event.StatusRank;
import io.webhookbridge.signature.AddressRanges;
import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Message;

import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Camel bean for SMS API webhooks (inbound SMS and delivery receipts): parses whichever encoding arrived, verifies
 * {@code sig}, and turns the request into the bridge's event form — a flat JSON object of strings plus classification
 * headers. The route sets {@code vonageKind} before calling it (one route per kind).
 * <p>
 * Nothing is trusted before the signature: a request that cannot be parsed far enough to check it is a
 * {@link MalformedRequestException} (400, never stored). Only a signed request with unusable content is an
 * {@link InvalidPayloadException} (kept on the dead-letter queue). Unsigned events, accepted only when signatures are
 * explicitly not required, live in their own namespace: their dedupe keys, event ids ({@code unverified.*}), message
 * groups ({@code unverified.*}, given by staging) and long-SMS handling (never joined) never meet those of signed events.
 */
public final class SmsClassifier implements Processor {

    public static final String CHANNEL_SMS = "sms";
    /** Multipart inbound SMS: Vonage does not reassemble them; these carry what reassembly joins on. */
    public static final String CONCAT_REF = "vonageConcatRef";
    public static final String CONCAT_TOTAL = "vonageConcatTotal";
    public static final String CONCAT_PART = "vonageConcatPart";
    public static final String CONCAT_KEY = "bridgeConcatKey";
    /** The most parts a long SMS can have: its header counts them in one byte. */
    public static final int MAX_CONCAT_PARTS = 255;
    /** Prefix of the event ids of unsigned events; signed ids start with their kind. */
    public static final String UNVERIFIED_ID_PREFIX = "unverified.";
    private static final String UNSIGNED_DEDUPE_PREFIX = "unsigned:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmsSignatureVerifier verifier;
    private final AddressRanges unsignedSources;
    private final Clock clock;

    public SmsClassifier(SmsSignatureVerifier verifier, Clock clock) {
        this(verifier, AddressRanges.parse(""), clock);
    }

    /**
     * @param unsignedSources where unsigned webhooks may come from when signatures are not required; empty: anywhere
     */
    public SmsClassifier(SmsSignatureVerifier verifier, AddressRanges unsignedSources, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.unsignedSources = Objects.requireNonNull(unsignedSources, "unsignedSources");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs as a route step ({@code process: ref: ...}): a plain processor, no bean-method binding per webhook. */
    @Override
    public void process(Exchange exchange) throws Exception {
        classify(exchange);
    }

    public void classify(Exchange exchange) throws InvalidPayloadException, MalformedRequestException,
            InvalidSignatureException, MissingSignatureException {
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

        // Signature before content checks: a 400 that keeps the body must only ever be about a body Vonage really sent.
        SmsSignatureVerifier.Result signature = verifier.verify(params);
        boolean verified = signature != SmsSignatureVerifier.Result.UNSIGNED;
        if (!verified && !unsignedSources.isEmpty()
                && !unsignedSources.contains(exchange.getProperty(EventHeaders.CLIENT_ADDRESS, InetAddress.class))) {
            throw new MissingSignatureException("unsigned SMS webhook from an address not allowed to send unsigned ones");
        }
        if (signature == SmsSignatureVerifier.Result.SIGNED_WITHOUT_BLANKS) {
            // What the signature did not cover does not become part of the event.
            params.values().removeIf(String::isBlank);
        }
        // The event's body, and what the dead-letter queue keeps if a signed request's content is refused below (a GET
        // has no body of its own).
        in.setBody(toJson(params));

        String messageId = id(params, "messageId", verified);
        String status = receipt ? word(params, "status", true, verified) : null;
        String errCode = receipt ? word(params, "err-code", false, verified) : null;
        String apiKey = params.get(SmsSignatureVerifier.API_KEY);
        if (apiKey != null && !FieldRules.isId(apiKey)) {
            refuse(verified, "api-key is not a Vonage API key");
        }

        in.setHeader(EventHeaders.CHANNEL, CHANNEL_SMS);
        in.setHeader(EventHeaders.MESSAGE_ID, messageId);
        setOrRemove(in, EventHeaders.STATUS, status);
        setOrRemove(in, EventHeaders.ERR_CODE, errCode);
        setOrRemove(in, StatusRank.RANK, receipt ? StatusRank.ofReceiptStatus(status) : null);
        setOrRemove(in, StatusRank.TIMESTAMP, receipt
                ? StatusRank.receiptTimestamp(params.get("message-timestamp"), params.get("scts")) : null);
        setOrRemove(in, EventHeaders.API_KEY, apiKey);
        in.setHeader(EventHeaders.RECEIVED_AT, clock.instant().toString());
        in.setHeader(EventHeaders.SIGNATURE_VERIFIED, Boolean.valueOf(verified));

        // Idempotency keys: messageId for an inbound SMS, messageId + status + err-code for a receipt (a receipt
        // without err-code keeps an empty last segment).
        String dedupeKey = receipt ? messageId + ":" + status + ":" + (errCode == null ? "" : errCode) : messageId;
        String eventId = EventHeaders.eventId(kind, dedupeKey);
        in.setHeader(EventHeaders.DEDUPE_KEY, (verified ? "" : UNSIGNED_DEDUPE_PREFIX) + kind + ":" + dedupeKey);
        in.setHeader(EventHeaders.EVENT_ID, verified ? eventId : UNVERIFIED_ID_PREFIX + eventId);

        // Only signed parts are joined: an unsigned part could otherwise complete or poison a signed long SMS, and
        // unsigned senders could open reassembly groups at will.
        setConcatHeaders(in, receipt || !verified ? null : params);

        // Request plumbing must not travel with the event.
        in.removeHeader(Exchange.HTTP_QUERY);
        in.removeHeader(Exchange.HTTP_METHOD);
        in.removeHeader(Exchange.CONTENT_TYPE);
        in.removeHeader("Authorization");
    }

    private static String id(Map<String, String> params, String name, boolean verified)
            throws InvalidPayloadException, MalformedRequestException {
        String value = params.get(name);
        if (isBlank(value)) {
            refuse(verified, "missing " + name);
        } else if (!FieldRules.isId(value)) {
            refuse(verified, name + " is not a Vonage id (1-" + FieldRules.MAX_ID + " letters, digits, '-', '_', '.')");
        }
        return value;
    }

    /** A status or error code: a short word, or absent when {@code required} is false. */
    private static String word(Map<String, String> params, String name, boolean required, boolean verified)
            throws InvalidPayloadException, MalformedRequestException {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            if (required) {
                refuse(verified, "missing " + name);
            }
            return null;
        }
        if (!FieldRules.isWord(value)) {
            refuse(verified, name + " is not a Vonage value (1-" + FieldRules.MAX_WORD + " letters, digits, '-', '_', '.')");
        }
        return value;
    }

    /** Signed content that is unusable is kept with its reason; unsigned content that is unusable is not kept at all. */
    private static void refuse(boolean verified, String reason) throws InvalidPayloadException, MalformedRequestException {
        if (verified) {
            throw new InvalidPayloadException(reason);
        }
        throw new MalformedRequestException(reason);
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
        if (!FieldRules.isId(ref) || total == null || part == null || part > total || isBlank(msisdn) || isBlank(to)) {
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

    private static String toJson(LinkedHashMap<String, String> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise SMS parameters", e);
        }
    }

    private static void setOrRemove(Message in, String name, Object value) {
        // Remove when absent so a stale header from earlier in the route can never pass for ours.
        if (value == null) {
            in.removeHeader(name);
        } else {
            in.setHeader(name, value);
        }
    }

    private static Integer positiveInt(String value) {
        if (value == null || value.isEmpty() || value.length() > 3 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n > 0 && n <= MAX_CONCAT_PARTS ? n : null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
