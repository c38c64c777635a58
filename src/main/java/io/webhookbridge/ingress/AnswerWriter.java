package io.webhookbridge.ingress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.webhookbridge.observe.WebhookEndpoint;
import io.webhookbridge.observe.WebhookMeters;

/**
 * Writes every answer of the webhook port, the routes' and the engine's own, so that they share one form: the status,
 * {@code Content-Type: application/json} (never the request's), and on every 503 {@code Retry-After} with the
 * configured seconds. A response already written or closed (a timeout answered first) is left alone. Each answer
 * written is counted by its endpoint and outcome ({@link WebhookMeters}).
 */
final class AnswerWriter {

    private final String retryAfterSeconds;
    private final WebhookMeters meters;

    AnswerWriter(int retryAfterSeconds, WebhookMeters meters) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must be 0 or more seconds, not " + retryAfterSeconds);
        }
        this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
        this.meters = meters;
    }

    void write(HttpServerRequest request, HttpAnswer answer) {
        write(request, answer, WebhookEndpoint.ofPath(request.path()));
    }

    /**
     * Writes the answer of a request that was received in full and handed to its route, and records the time since
     * then ({@code receivedNanos}, from {@link System#nanoTime()}) as its ack latency.
     */
    void writeRouted(HttpServerRequest request, HttpAnswer answer, long receivedNanos) {
        WebhookEndpoint endpoint = WebhookEndpoint.ofPath(request.path());
        if (write(request, answer, endpoint)) {
            meters.acknowledged(endpoint, System.nanoTime() - receivedNanos);
        }
    }

    private boolean write(HttpServerRequest request, HttpAnswer answer, WebhookEndpoint endpoint) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return false;
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
        meters.answered(endpoint, answer.outcome());
        return true;
    }

    void refuse(HttpServerRequest request, Refusal refusal) {
        write(request, refusal.answer());
    }

    /** Refuses with {@code Connection: close} on HTTP/1: the client must not send another request on it. */
    void refuseLastOnConnection(HttpServerRequest request, Refusal refusal) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader("Connection", "close");
        }
        refuse(request, refusal);
    }

    /** Refuses, then closes an HTTP/1 connection: reading the rest of the body only to drop it would feed an overload. */
    void refuseAndClose(HttpServerRequest request, Refusal refusal) {
        refuseLastOnConnection(request, refusal);
        if (request.version() != HttpVersion.HTTP_2) {
            request.connection().close();
        }
    }
}
