package io.webhookbridge.dispatch;

/**
 * The destination a Camel {@code jms:} target URI names: {@code jms:[//][queue:|topic:|temp-queue:|temp-topic:]name[?options]},
 * a queue when no type is given. Read in one place for the two questions asked of it: can the broker fill this
 * target directly ({@link TargetUri#plainJmsQueue}), and which bus queue does it forward to ({@link DeliveryQueues}).
 *
 * @param type    {@code queue}, {@code topic}, {@code temp-queue} or {@code temp-topic}
 * @param name    the destination name, possibly empty
 * @param options the query string including its {@code ?}, or empty
 */
record JmsDestination(String type, String name, String options) {

    private static final String[] TYPES = {"queue", "topic", "temp-queue", "temp-topic"};

    /** The destination of a {@code jms:} URI; null for any other URI. */
    static JmsDestination parse(String uri) {
        if (!uri.regionMatches(true, 0, "jms:", 0, 4)) {
            return null;
        }
        String rest = uri.substring(4);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        String options = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            options = rest.substring(q);
            rest = rest.substring(0, q);
        }
        String type = "queue";
        for (String t : TYPES) {
            if (rest.regionMatches(true, 0, t + ":", 0, t.length() + 1)) {
                type = t;
                rest = rest.substring(t.length() + 1);
                break;
            }
        }
        return new JmsDestination(type, rest, options);
    }

    boolean isQueue() {
        return "queue".equals(type);
    }
}
