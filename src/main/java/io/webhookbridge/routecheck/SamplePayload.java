package io.webhookbridge.routecheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.sms.SmsParameters;
import io.webhookbridge.sms.SmsSignatureMethod;
import io.webhookbridge.sms.SmsSignatureVerifier;
import io.webhookbridge.tools.SampleSender;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * A webhook body from a file, and the request Vonage would make with it, signed with the check's own secret so that
 * the real verify route passes it. Its kind comes from its fields: a Messages API body (JSON with
 * {@code message_uuid} or {@code channel}) is a message status when it has {@code status}, else an inbound message;
 * anything else is read as SMS API parameters (JSON, or a form or query string), a delivery receipt when it has
 * {@code status}, else an inbound SMS.
 */
final class SamplePayload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private final String kind;
    private final byte[] body;
    private final LinkedHashMap<String, String> smsParameters;

    private SamplePayload(String kind, byte[] body, LinkedHashMap<String, String> smsParameters) {
        this.kind = kind;
        this.body = body;
        this.smsParameters = smsParameters;
    }

    /** @throws MalformedRequestException when the file is neither a JSON object nor form parameters */
    static SamplePayload read(Path file) throws IOException, MalformedRequestException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (text.startsWith("{")) {
            JsonNode json = JSON.readTree(text);
            if (json.has("message_uuid") || json.has("channel")) {
                return new SamplePayload(json.has("status") ? EventHeaders.KIND_MESSAGE_STATUS
                        : EventHeaders.KIND_INBOUND_MESSAGE, body, null);
            }
        }
        boolean form = !text.startsWith("{");
        byte[] parameters = form && text.startsWith("?") ? text.substring(1).getBytes(StandardCharsets.UTF_8) : body;
        LinkedHashMap<String, String> params = SmsParameters.parse("POST",
                form ? "application/x-www-form-urlencoded" : JSON_TYPE, null, parameters);
        return new SamplePayload(params.containsKey("status") ? EventHeaders.KIND_DELIVERY_RECEIPT
                : EventHeaders.KIND_INBOUND_SMS, body, params);
    }

    String kind() {
        return kind;
    }

    /** The route the ingress route of this kind verifies and classifies with. */
    String verifyUri() {
        return smsParameters == null ? "direct:verify-messages-webhook" : "direct:verify-sms-webhook";
    }

    /**
     * The request as the ingress route hands it to {@link #verifyUri}: its kind set, signed now with {@code secret}
     * (a Messages API token, or the SMS {@code sig} by the configured method; a {@code sig} in the file is replaced).
     */
    Exchange signedRequest(CamelContext context, String secret, SmsSignatureMethod smsMethod) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(EventHeaders.KIND, kind);
        if (smsParameters == null) {
            exchange.getMessage().setHeader("Authorization", "Bearer " + SampleSender.sign(secret, body, null));
            exchange.getMessage().setBody(body);
            return exchange;
        }
        LinkedHashMap<String, String> signed = new LinkedHashMap<>(smsParameters);
        signed.remove("sig");
        signed.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        signed.put("sig", smsMethod.sign(SmsSignatureVerifier.stringToSign(signed, false), secret));
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON_TYPE);
        exchange.getMessage().setBody(JSON.writeValueAsBytes(signed));
        return exchange;
    }
}
