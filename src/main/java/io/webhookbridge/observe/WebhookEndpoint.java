package io.webhookbridge.observe;

/**
 * The {@code endpoint} label of the webhook meters: the Vonage webhook a request's path names by its last segment
 * ({@code /webhooks/inbound-sms} is {@code inbound-sms}), anything else {@code other}, so that no path a sender makes
 * up becomes a label value.
 */
public enum WebhookEndpoint {

    INBOUND_MESSAGE("inbound-message"),
    MESSAGE_STATUS("message-status"),
    INBOUND_SMS("inbound-sms"),
    DELIVERY_RECEIPT("delivery-receipt"),
    OTHER("other");

    /** {@code values()} copies its array at every call; this runs for every request. */
    private static final WebhookEndpoint[] NAMED = {INBOUND_MESSAGE, MESSAGE_STATUS, INBOUND_SMS, DELIVERY_RECEIPT};

    private final String label;
    private final String segment;
    private final String segmentWithSlash;

    WebhookEndpoint(String label) {
        this.label = label;
        this.segment = "/" + label;
        this.segmentWithSlash = segment + "/";
    }

    public String label() {
        return label;
    }

    /** The endpoint a request path names; allocates nothing. */
    public static WebhookEndpoint ofPath(String path) {
        if (path != null) {
            for (WebhookEndpoint endpoint : NAMED) {
                if (path.endsWith(endpoint.segment) || path.endsWith(endpoint.segmentWithSlash)) {
                    return endpoint;
                }
            }
        }
        return OTHER;
    }
}
