package io.webhookbridge.observe;

/**
 * The {@code outcome} label of {@code bridge.webhooks}: how a webhook was answered. The routes' answers carry their
 * code (the stage result or the error code of the body, see {@link #of}); the HTTP engine's own refusals name theirs.
 */
public enum WebhookOutcome {

    /** 200: stored. */
    ACCEPTED("accepted"),
    /** 200: already stored (a Vonage retry). */
    DUPLICATE("duplicate"),
    /** 401. */
    INVALID_SIGNATURE("invalid_signature"),
    /** 503 so that Vonage resends it signed. */
    UNSIGNED("unsigned"),
    /** 400: signed but unusable, kept on the dead-letter queue. */
    INVALID_PAYLOAD("invalid_payload"),
    /** 400, 404, 405, or a request that did not arrive whole in time: unreadable before any signature. */
    INVALID_REQUEST("invalid_request"),
    /** 413. */
    TOO_LARGE("too_large"),
    /** 503: too many requests in flight or bytes being received. */
    OVERLOADED("overloaded"),
    /** 503: the event could not be stored (or not confirmed in time); Vonage retries. */
    NOT_STORED("not_stored"),
    OTHER("other");

    private final String label;

    WebhookOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The outcome a route's answer code names ({@code accepted}, {@code invalid_signature}, ...); else {@link #OTHER}. */
    public static WebhookOutcome of(String code) {
        if (code == null) {
            return OTHER;
        }
        return switch (code) {
            case "accepted" -> ACCEPTED;
            case "duplicate" -> DUPLICATE;
            case "invalid_signature" -> INVALID_SIGNATURE;
            case "unsigned" -> UNSIGNED;
            case "invalid_payload" -> INVALID_PAYLOAD;
            case "invalid_request" -> INVALID_REQUEST;
            case "too_large" -> TOO_LARGE;
            case "overloaded" -> OVERLOADED;
            case "not_stored" -> NOT_STORED;
            default -> OTHER;
        };
    }
}
