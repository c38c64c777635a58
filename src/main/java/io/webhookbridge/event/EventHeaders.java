package io.webhookbridge.event;

/**
 * Names of the classification properties every staged event carries: Camel headers in the routes, JMS
 * properties on the queues (usable in selectors), HTTP headers on HTTP targets. Only these and
 * {@link #EVENT_ID} travel with an event; every incoming HTTP header is dropped at ingress.
 */
public final class EventHeaders {

    public static final String PREFIX = "vonage";

    public static final String KIND = "vonageKind";
    public static final String CHANNEL = "vonageChannel";
    public static final String MESSAGE_TYPE = "vonageMessageType";
    public static final String STATUS = "vonageStatus";
    public static final String MESSAGE_UUID = "vonageMessageUuid";
    public static final String MESSAGE_ID = "vonageMessageId";
    public static final String ERR_CODE = "vonageErrCode";
    public static final String API_KEY = "vonageApiKey";
    public static final String APPLICATION_ID = "vonageApplicationId";
    public static final String RECEIVED_AT = "vonageReceivedAt";
    public static final String SIGNATURE_VERIFIED = "vonageSignatureVerified";

    /** File-name-safe id of the event, derived from its dedupe key: names files, appears in logs. */
    public static final String EVENT_ID = "bridgeEventId";
    /** The dedupe key (e.g. message_uuid + status); becomes the broker's duplicate-detection id. */
    public static final String DEDUPE_KEY = "bridgeDedupeKey";
    /** The header the rules set: an event's target URIs, comma-separated. Never stored: URIs may carry credentials. */
    public static final String TARGETS = "bridgeTargets";
    /** The event property the diverts on the staging address match: "|id1|id2|". */
    public static final String TARGET_IDS = "bridgeTargetIds";
    /** Artemis's duplicate-detection property: a repeat of an id already on an address is dropped. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /**
     * Exchange property (never a header), set by ingress: the {@link java.util.concurrent.Executor} of the HTTP event
     * loop that took the request. A step that completes on another thread (the broker's write confirmation) continues
     * the exchange there, so the answer is written without one more hand-off between threads.
     */
    public static final String CALLER_EXECUTOR = "bridgeCallerExecutor";
    /**
     * Exchange property (never a header), set by ingress: the {@link java.net.InetAddress} the request came from, the
     * TCP peer or, when that peer is a configured trusted proxy, the address it forwarded in {@code X-Forwarded-For}.
     */
    public static final String CLIENT_ADDRESS = "bridgeClientAddress";

    public static final String KIND_INBOUND_MESSAGE = "inbound-message";
    public static final String KIND_MESSAGE_STATUS = "message-status";
    public static final String KIND_INBOUND_SMS = "inbound-sms";
    public static final String KIND_DELIVERY_RECEIPT = "delivery-receipt";

    private EventHeaders() {
    }

    /** A file-name and log safe id: the key with anything outside [A-Za-z0-9._-] replaced, bounded in length. */
    public static String eventId(String kind, String dedupeKey) {
        // No '.' first: the id names a file, which must not be hidden.
        String key = dedupeKey.startsWith(".") ? "_" + dedupeKey.substring(1) : dedupeKey;
        return kind + '-' + SafeText.replaceUnsafe(key, "-_.", '_', false, 200 - kind.length() - 1);
    }
}
