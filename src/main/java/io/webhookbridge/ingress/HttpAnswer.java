package io.webhookbridge.ingress;

import java.nio.charset.StandardCharsets;

import io.webhookbridge.observe.WebhookOutcome;

/** What a webhook request is answered: a status, a JSON body (empty when {@code body} is null) and the outcome it counts as. */
record HttpAnswer(int status, byte[] body, WebhookOutcome outcome) {

    static HttpAnswer of(int status, String json, WebhookOutcome outcome) {
        return new HttpAnswer(status, json == null ? null : json.getBytes(StandardCharsets.UTF_8), outcome);
    }
}
