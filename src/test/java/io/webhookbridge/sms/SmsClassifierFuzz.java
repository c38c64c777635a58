package io.webhookbridge.sms;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.FuzzChecks;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.signature.SignatureSecrets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Fuzzes {@link SmsClassifier#classify}: parse, signature check and classification of an SMS API webhook, on an
 * exchange carrying exactly what the HTTP engine gives a route (vonageKind, CamelHttpMethod, Content-Type,
 * CamelHttpQuery, body as byte[]).
 * <p>
 * Input: a flags line ({@code D} first for a delivery receipt, else inbound SMS; {@code r} second for "signatures
 * required", else optional, so that unsigned input also reaches the classification after the check), then the
 * method, Content-Type and query lines, then the body. Clock: one minute after the shared spec's SMS test vector
 * (md5hash, section 2.5), so that vector verifies.
 * <p>
 * Expected: an event, or a declared refusal quoting nothing of the request. An event's body is a flat JSON object of
 * at most {@link SmsParameters#MAX_PARAMETERS} strings, its id is file-name safe, and no request plumbing header
 * survives.
 */
public final class SmsClassifierFuzz {

    private SmsClassifierFuzz() {
    }


    static final ObjectMapper JSON = new ObjectMapper();
    static final CamelContext CONTEXT = started();
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1741944413L + 60), ZoneOffset.UTC);
    static final SignatureSecrets SECRETS = new SignatureSecrets(BridgeRunner.SECRET, null);
    static final SmsClassifier REQUIRED = new SmsClassifier(
            new SmsSignatureVerifier(SECRETS, SmsSignatureMethod.fromConfig("md5hash"), 259200, 300, true, CLOCK), CLOCK);
    static final SmsClassifier OPTIONAL = new SmsClassifier(
            new SmsSignatureVerifier(SECRETS, SmsSignatureMethod.fromConfig("md5hash"), 259200, 300, false, CLOCK), CLOCK);

    static CamelContext started() {
        CamelContext context = new DefaultCamelContext();
        context.start();
        return context;
    }

    /** One input; run by {@link io.webhookbridge.WebhookInputsFuzzTest}. */
    public static void classify(byte[] data) throws Exception {
        Object[] l = FuzzChecks.lines(data, 0, 4);
        String flags = (String) l[0];
        boolean receipt = flags.startsWith("D");
        String kind = receipt ? EventHeaders.KIND_DELIVERY_RECEIPT : EventHeaders.KIND_INBOUND_SMS;
        SmsClassifier classifier = flags.length() > 1 && flags.charAt(1) == 'r' ? REQUIRED : OPTIONAL;
        String method = (String) l[1];
        String contentType = ((String) l[2]).isEmpty() ? null : (String) l[2];
        String query = ((String) l[3]).isEmpty() ? null : (String) l[3];
        byte[] body = (byte[]) l[4];

        Exchange exchange = new DefaultExchange(CONTEXT);
        Message in = exchange.getIn();
        in.setHeader(EventHeaders.KIND, kind);
        in.setHeader(Exchange.HTTP_METHOD, method);
        if (contentType != null) {
            in.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        if (query != null) {
            in.setHeader(Exchange.HTTP_QUERY, query);
        }
        in.setBody(body);
        try {
            classifier.classify(exchange);
        } catch (Exception e) {
            FuzzChecks.expectRefusal(e, query, body);
            return;
        }

        Map<String, String> event = JSON.readValue(in.getBody(String.class), new TypeReference<Map<String, String>>() {
        });
        if (event.size() > SmsParameters.MAX_PARAMETERS) {
            throw new AssertionError("an event with " + event.size() + " parameters");
        }
        String messageId = in.getHeader(EventHeaders.MESSAGE_ID, String.class);
        if (messageId == null || messageId.isBlank() || !messageId.equals(event.get("messageId"))) {
            throw new AssertionError("accepted without its messageId");
        }
        if (receipt && in.getHeader(EventHeaders.STATUS) == null) {
            throw new AssertionError("a receipt accepted without status");
        }
        boolean verified = in.getHeader(EventHeaders.SIGNATURE_VERIFIED, Boolean.class);
        if (verified && !event.containsKey("sig")) {
            throw new AssertionError("marked verified without a sig");
        }
        if (!verified && classifier == REQUIRED) {
            throw new AssertionError("accepted unverified while signatures are required");
        }
        for (String plumbing : new String[] {Exchange.HTTP_QUERY, Exchange.HTTP_METHOD, Exchange.CONTENT_TYPE, "Authorization"}) {
            if (in.getHeader(plumbing) != null) {
                throw new AssertionError(plumbing + " survived classification");
            }
        }
        Integer part = in.getHeader(SmsClassifier.CONCAT_PART, Integer.class);
        Integer total = in.getHeader(SmsClassifier.CONCAT_TOTAL, Integer.class);
        if (part != null && (total == null || part < 1 || part > total || total > 9999)) {
            throw new AssertionError("concat part " + part + " of " + total);
        }
        FuzzChecks.checkEventId(in.getHeader(EventHeaders.EVENT_ID, String.class));
    }
}
