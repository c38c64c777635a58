package io.webhookbridge.ingress;

import java.nio.charset.StandardCharsets;

/** What a webhook request is answered: a status and a JSON body (empty when {@code body} is null). */
record HttpAnswer(int status, byte[] body) {

    static HttpAnswer of(int status, String json) {
        return new HttpAnswer(status, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }
}
