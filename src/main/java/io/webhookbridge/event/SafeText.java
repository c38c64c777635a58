package io.webhookbridge.event;

/**
 * Makes untrusted text safe where only a few characters may stand: queue names, property keys, file names and
 * log lines. One place, so that every id the bridge derives from a URI or a payload follows the same rule.
 */
public final class SafeText {

    private SafeText() {
    }

    /**
     * The text with every character outside {@code [A-Za-z0-9]} and {@code alsoSafe} replaced by
     * {@code replacement}, at most {@code maxLength} characters long. With {@code collapse}, a run of unsafe
     * characters becomes one replacement, and none starts the result.
     */
    public static String replaceUnsafe(CharSequence text, String alsoSafe, char replacement, boolean collapse, int maxLength) {
        StringBuilder sb = new StringBuilder(Math.max(0, Math.min(text.length(), maxLength)));
        for (int i = 0; i < text.length() && sb.length() < maxLength; i++) {
            char c = text.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || alsoSafe.indexOf(c) >= 0;
            if (safe) {
                sb.append(c);
            } else if (!collapse || sb.length() > 0 && sb.charAt(sb.length() - 1) != replacement) {
                sb.append(replacement);
            }
        }
        return sb.toString();
    }
}
