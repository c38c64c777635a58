package io.webhookbridge.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsParameters;
import io.webhookbridge.sms.SmsSignatureMethod;
import io.webhookbridge.sms.SmsSignatureVerifier;
import io.webhookbridge.tools.SampleSender;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * A webhook body tried against the routes loaded now, as {@code check-routes} does for a file and the admin API's
 * {@code POST /admin/routes/try} for a pasted body: the request Vonage would make with it, signed in-process with one
 * of the secrets the verify route accepts, goes through the real verify route (which classifies it) and
 * {@code direct:choose-targets}. Nothing is stored or delivered: those are the routes that follow.
 */
public final class RouteTrial {

    public static final Set<String> KINDS = Set.of(EventHeaders.KIND_INBOUND_MESSAGE, EventHeaders.KIND_MESSAGE_STATUS,
            EventHeaders.KIND_INBOUND_SMS, EventHeaders.KIND_DELIVERY_RECEIPT);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String[] CLASSIFICATION = {EventHeaders.KIND, EventHeaders.CHANNEL, EventHeaders.STATUS,
        EventHeaders.MESSAGE_TYPE};

    private final String kind;
    private final byte[] body;
    private final LinkedHashMap<String, String> smsParameters;

    /**
     * What the trial found: the verify route's classification (null when it refused the payload, {@code error} then
     * says why), and the targets the rules chose (raw URIs; empty with {@code error} when choosing failed).
     */
    public record Outcome(Map<String, String> classification, List<String> targets, String error) {
    }

    private RouteTrial(String kind, byte[] body, LinkedHashMap<String, String> smsParameters) {
        this.kind = kind;
        this.body = body;
        this.smsParameters = smsParameters;
    }

    /**
     * A body for the webhook of a known kind: Messages API JSON, or SMS API parameters as JSON or a form.
     *
     * @throws MalformedRequestException when it cannot be read as such
     */
    public static RouteTrial of(String kind, byte[] body) throws MalformedRequestException {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind: one of " + String.join(", ", KINDS.stream().sorted().toList()));
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (kind.equals(EventHeaders.KIND_INBOUND_MESSAGE) || kind.equals(EventHeaders.KIND_MESSAGE_STATUS)) {
            return new RouteTrial(kind, text.getBytes(StandardCharsets.UTF_8), null);
        }
        return new RouteTrial(kind, text.getBytes(StandardCharsets.UTF_8), smsParameters(text));
    }

    /**
     * A body whose kind comes from its fields: a Messages API body (JSON with {@code message_uuid} or
     * {@code channel}) is a message status when it has {@code status}, else an inbound message; anything else is read
     * as SMS API parameters (JSON, or a form or query string), a delivery receipt when it has {@code status}, else an
     * inbound SMS.
     */
    public static RouteTrial guess(String text) throws IOException, MalformedRequestException {
        text = text.strip();
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (text.startsWith("{")) {
            JsonNode json = JSON.readTree(text);
            if (json.has("message_uuid") || json.has("channel")) {
                return new RouteTrial(json.has("status") ? EventHeaders.KIND_MESSAGE_STATUS
                        : EventHeaders.KIND_INBOUND_MESSAGE, body, null);
            }
        }
        LinkedHashMap<String, String> params = smsParameters(text);
        return new RouteTrial(params.containsKey("status") ? EventHeaders.KIND_DELIVERY_RECEIPT
                : EventHeaders.KIND_INBOUND_SMS, body, params);
    }

    private static LinkedHashMap<String, String> smsParameters(String text) throws MalformedRequestException {
        boolean form = !text.startsWith("{");
        byte[] parameters = (form && text.startsWith("?") ? text.substring(1) : text).getBytes(StandardCharsets.UTF_8);
        return SmsParameters.parse("POST", form ? "application/x-www-form-urlencoded" : JSON_TYPE, null, parameters);
    }

    public String kind() {
        return kind;
    }

    /**
     * Runs the verify route of this kind and then {@code direct:choose-targets}, signing the request with the secret
     * the verifier will try for it (a Messages API token without an API key; the SMS {@code sig} by the configured
     * method for the body's {@code api-key}, replacing any {@code sig} it had).
     */
    public Outcome run(CamelContext context, ProducerTemplate template, SignatureSecrets secrets,
            SmsSignatureMethod smsMethod) throws Exception {
        Exchange exchange = signedRequest(context, secrets, smsMethod);
        exchange = template.send(smsParameters == null ? "direct:verify-messages-webhook" : "direct:verify-sms-webhook",
                exchange);
        if (exchange.getException() != null) {
            return new Outcome(null, List.of(), kind + " that cannot be classified: " + exchange.getException().getMessage());
        }
        exchange = template.send("direct:choose-targets", exchange);
        Map<String, String> classification = new LinkedHashMap<>();
        for (String header : CLASSIFICATION) {
            classification.put(header, exchange.getMessage().getHeader(header, String.class));
        }
        if (exchange.getException() != null) {
            return new Outcome(classification, List.of(), "no targets: " + exchange.getException().getMessage());
        }
        List<String> targets = new ArrayList<>();
        String chosen = exchange.getMessage().getHeader(EventHeaders.TARGETS, String.class);
        for (String uri : chosen == null ? new String[0] : chosen.split(",")) {
            if (!uri.isBlank()) {
                targets.add(uri.trim());
            }
        }
        return new Outcome(classification, targets, targets.isEmpty()
                ? "no targets (the rules set " + EventHeaders.TARGETS + " empty)" : null);
    }

    private Exchange signedRequest(CamelContext context, SignatureSecrets secrets, SmsSignatureMethod smsMethod)
            throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(EventHeaders.KIND, kind);
        if (smsParameters == null) {
            exchange.getMessage().setHeader("Authorization",
                    "Bearer " + SampleSender.sign(secrets.secretsOrDecoyFor(null).get(0), body, null));
            exchange.getMessage().setBody(body);
            return exchange;
        }
        LinkedHashMap<String, String> signed = new LinkedHashMap<>(smsParameters);
        signed.remove("sig");
        signed.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        signed.put("sig", smsMethod.sign(SmsSignatureVerifier.stringToSign(signed, false),
                secrets.secretsOrDecoyFor(signed.get("api-key")).get(0)));
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON_TYPE);
        exchange.getMessage().setBody(JSON.writeValueAsBytes(signed));
        return exchange;
    }
}
