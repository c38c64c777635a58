package io.webhookbridge.event;

/**
 * Bounds on the payload values that become event properties (JMS properties, HTTP headers, file names, cache keys):
 * Vonage's channels, statuses, types and error codes are short words, its ids short tokens. Anything else is refused
 * before it can reach a header, a cache or a log line.
 */
public final class FieldRules {

    /** Longest accepted channel, status, message type or error code. */
    public static final int MAX_WORD = 32;
    /** Longest accepted message id, message uuid, API key or application id. */
    public static final int MAX_ID = 64;

    private FieldRules() {
    }

    /** A channel, status, message type or error code: 1 to 32 of {@code [A-Za-z0-9_.-]}. */
    public static boolean isWord(String value) {
        return matches(value, MAX_WORD);
    }

    /** An id: 1 to 64 of {@code [A-Za-z0-9_.-]}, so it never carries a separator of the bridge's own keys (':'). */
    public static boolean isId(String value) {
        return matches(value, MAX_ID);
    }

    private static boolean matches(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
