package io.webhookbridge.ingress;

/**
 * Every answer the HTTP engine gives on its own, before or instead of a route's: the status and the error body.
 * A 503 means "retry later" to Vonage (it retries 429 and 5xx only); {@link AnswerWriter} adds Retry-After to it.
 */
enum Refusal {

    NOT_FOUND(404, "not_found", null),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", null),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", null),
    BAD_REQUEST(400, "bad_request", null),
    /** Netty reads a body it does not understand as empty and what follows as another request (smuggling). */
    UNSUPPORTED_TRANSFER_ENCODING(400, "bad_request", "unsupported Transfer-Encoding"),
    ROUTE_RESTARTING(503, "unavailable", "route is restarting"),
    TOO_MANY_IN_FLIGHT(503, "overloaded", "too many requests in flight"),
    TOO_MANY_BUFFERED_BYTES(503, "overloaded", "too many request bytes being received"),
    RECEIVE_TIMEOUT(503, "request_timeout", "the request was not received in time"),
    /** The event may still be stored later; its duplicate id makes Vonage's retry harmless. */
    NOT_CONFIRMED_IN_TIME(503, "timeout", "the event was not confirmed in time"),
    /** A failure no route mapped to an answer: Vonage retries, and nothing more is said. */
    INTERNAL_ERROR(503, "internal_error", null);

    private final HttpAnswer answer;

    Refusal(int status, String error, String reason) {
        this.answer = HttpAnswer.of(status, ErrorReply.json(error, reason));
    }

    HttpAnswer answer() {
        return answer;
    }
}
