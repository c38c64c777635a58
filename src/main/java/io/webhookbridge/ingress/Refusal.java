package io.webhookbridge.ingress;

import io.webhookbridge.observe.WebhookOutcome;

/**
 * Every answer the HTTP engine gives on its own, before or instead of a route's: the status and the error body.
 * A 503 means "retry later" to Vonage (it retries 429 and 5xx only); {@link AnswerWriter} adds Retry-After to it.
 */
enum Refusal {

    NOT_FOUND(404, "not_found", null, WebhookOutcome.INVALID_REQUEST),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", null, WebhookOutcome.INVALID_REQUEST),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", null, WebhookOutcome.TOO_LARGE),
    BAD_REQUEST(400, "bad_request", null, WebhookOutcome.INVALID_REQUEST),
    /** Netty reads a body it does not understand as empty and what follows as another request (smuggling). */
    UNSUPPORTED_TRANSFER_ENCODING(400, "bad_request", "unsupported Transfer-Encoding", WebhookOutcome.INVALID_REQUEST),
    ROUTE_RESTARTING(503, "unavailable", "route is restarting", WebhookOutcome.NOT_STORED),
    TOO_MANY_IN_FLIGHT(503, "overloaded", "too many requests in flight", WebhookOutcome.OVERLOADED),
    TOO_MANY_BUFFERED_BYTES(503, "overloaded", "too many request bytes being received", WebhookOutcome.OVERLOADED),
    RECEIVE_TIMEOUT(503, "request_timeout", "the request was not received in time", WebhookOutcome.INVALID_REQUEST),
    /** The event may still be stored later; its duplicate id makes Vonage's retry harmless. */
    NOT_CONFIRMED_IN_TIME(503, "timeout", "the event was not confirmed in time", WebhookOutcome.NOT_STORED),
    /** A failure no route mapped to an answer: Vonage retries, and nothing more is said. */
    INTERNAL_ERROR(503, "internal_error", null, WebhookOutcome.OTHER);

    private final HttpAnswer answer;

    Refusal(int status, String error, String reason, WebhookOutcome outcome) {
        this.answer = HttpAnswer.of(status, ErrorReply.json(error, reason), outcome);
    }

    HttpAnswer answer() {
        return answer;
    }
}
