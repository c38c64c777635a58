package io.webhookbridge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.webhookbridge.event.InvalidPayloadException;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;

/**
 * What the fuzz tests accept as a refusal: one of the bridge's four declared exceptions (answered 400, 401 or 503),
 * with a reason that is short, one printable ASCII line, and quotes none of the input. Anything else is a finding.
 */
public final class FuzzChecks {

    /** Tokens this long (with a digit: numbers, ids, hashes, tokens) must never be echoed in a reason. */
    private static final int MIN_TOKEN = 10;
    private static final String SEPARATORS = "&=;,:\"'{}[]()<>\\/?+%. \t\r\n";

    private FuzzChecks() {
    }

    /**
     * Rethrows {@code e} unless it is a declared refusal; then checks its reason against the inputs it was given.
     * Catching {@code Exception} and sorting here (rather than one catch per type) keeps the tests compiling whichever
     * of the declared checked exceptions a method throws today.
     */
    public static void expectRefusal(Exception e, Object... inputs) throws Exception {
        if (!(e instanceof InvalidPayloadException || e instanceof MalformedRequestException
                || e instanceof InvalidSignatureException || e instanceof MissingSignatureException)) {
            throw e;
        }
        checkReason(e.getClass().getSimpleName(), e.getMessage(), inputs);
    }

    public static void checkReason(String what, String reason, Object... inputs) {
        if (reason == null || reason.isEmpty() || reason.length() > 200) {
            throw new AssertionError(what + ": a reason must be 1-200 characters, was "
                    + (reason == null ? "null" : reason.length() + " characters"));
        }
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new AssertionError(what + ": reason has a non-printable or non-ASCII character at " + i);
            }
        }
        if (reason.contains(BridgeRunner.SECRET)) {
            throw new AssertionError(what + ": reason contains the signature secret");
        }
        for (Object input : inputs) {
            for (String token : tokens(input)) {
                if (reason.contains(token)) {
                    // The token itself is fuzzer output, not a secret: naming it makes the finding reproducible.
                    throw new AssertionError(what + ": reason \"" + reason + "\" quotes the input (" + token + ")");
                }
            }
        }
    }

    /** Runs of non-separator characters of at least MIN_TOKEN characters with a digit in them, and the whole input. */
    static List<String> tokens(Object input) {
        List<String> out = new ArrayList<>();
        if (input == null) {
            return out;
        }
        String s = input instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : input.toString();
        if (s.length() >= MIN_TOKEN && hasDigit(s)) {
            out.add(s);
        }
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || SEPARATORS.indexOf(s.charAt(i)) >= 0) {
                String t = s.substring(start, i);
                if (t.length() >= MIN_TOKEN && hasDigit(t) && t.indexOf('\uFFFD') < 0) {
                    out.add(t);
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Splits "a\nb\nc\nrest" into exactly {@code n} lines plus the remaining bytes (missing lines are empty). */
    public static Object[] lines(byte[] data, int from, int n) {
        Object[] out = new Object[n + 1];
        int pos = from;
        for (int i = 0; i < n; i++) {
            int end = pos;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            out[i] = new String(data, Math.min(pos, data.length), Math.max(0, end - pos), StandardCharsets.ISO_8859_1);
            pos = Math.min(end + 1, data.length + 1);
        }
        int restFrom = Math.min(pos, data.length);
        byte[] rest = new byte[data.length - restFrom];
        System.arraycopy(data, restFrom, rest, 0, rest.length);
        out[n] = rest;
        return out;
    }

    /** Bridge event ids name files and appear in logs: [A-Za-z0-9._-], bounded (EventHeaders.eventId). */
    public static void checkEventId(String eventId) {
        if (eventId == null || eventId.isEmpty() || eventId.length() > 220 || !eventId.matches("[A-Za-z0-9._-]+")
                || eventId.startsWith(".")) {
            throw new AssertionError("unsafe bridgeEventId: " + eventId);
        }
    }
}
