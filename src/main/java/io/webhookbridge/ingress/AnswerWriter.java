package io.webhookbridge.ingress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Writes every answer of the webhook port, the routes' and the engine's own, so that they share one form: the status,
 * {@code Content-Type: application/json} (never the request's), and on every 503 {@code Retry-After} with the
 * configured seconds. A response already written or closed (a timeout answered first) is left alone.
 */
final class AnswerWriter {

    private final String retryAfterSeconds;

    AnswerWriter(int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must be 0 or more seconds, not " + retryAfterSeconds);
        }
        this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
    }

    void write(HttpServerResponse response, HttpAnswer answer) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.status()).putHeader("Content-Type", "application/json");
        if (answer.status() == 503) {
            response.putHeader("Retry-After", retryAfterSeconds);
        }
        if (answer.body() == null) {
            response.end();
        } else {
            response.end(Buffer.buffer(answer.body()));
        }
    }

    void refuse(HttpServerResponse response, Refusal refusal) {
        write(response, refusal.answer());
    }

    /** Refuses with {@code Connection: close} on HTTP/1: the client must not send another request on it. */
    void refuseLastOnConnection(HttpServerRequest request, Refusal refusal) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader("Connection", "close");
        }
        refuse(request.response(), refusal);
    }

    /** Refuses, then closes an HTTP/1 connection: reading the rest of the body only to drop it would feed an overload. */
    void refuseAndClose(HttpServerRequest request, Refusal refusal) {
        refuseLastOnConnection(request, refusal);
        if (request.version() != HttpVersion.HTTP_2) {
            request.connection().close();
        }
    }
}
