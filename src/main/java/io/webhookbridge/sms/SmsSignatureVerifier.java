package io.webhookbridge.sms;

import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import io.webhookbridge.signature.SignatureSecrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the {@code sig} parameter of SMS API webhooks: the parameters but {@code sig} in code-point order of their
 * names, '&' and '=' replaced by '_', hashed or HMAC'd with the signature secret as the account's method says.
 * <p>
 * Exception reasons are fixed texts: they never carry a secret, a parameter value or the computed signature.
 */
public final class SmsSignatureVerifier {

    static final String SIG = "sig";
    static final String TIMESTAMP = "timestamp";
    static final String API_KEY = "api-key";

    /** Longest hex signature (HMAC-SHA512); bounds the work spent on a hostile {@code sig}. */
    private static final int MAX_SIG_LENGTH = 128;

    /** Plain code-point order (String.compareTo is UTF-16 order, which differs above U+FFFF). */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private final SignatureSecrets secrets;
    private final SmsSignatureMethod method;
    private final long maxAgeSeconds;
    private final long maxFutureSeconds;
    private final boolean signatureRequired;
    private final Clock clock;

    public SmsSignatureVerifier(SignatureSecrets secrets, SmsSignatureMethod method, long maxAgeSeconds,
                                long maxFutureSeconds, boolean signatureRequired, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.method = Objects.requireNonNull(method, "method");
        if (maxAgeSeconds < 0 || maxFutureSeconds < 0) {
            throw new IllegalArgumentException("SMS signature time window must not be negative");
        }
        this.maxAgeSeconds = maxAgeSeconds;
        this.maxFutureSeconds = maxFutureSeconds;
        this.signatureRequired = signatureRequired;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What {@link #verify} found. */
    public enum Result {
        /** Every parameter was signed. */
        SIGNED,
        /** Signed without its blank-valued parameters (the "skip blank" SDK variant): those were not signed. */
        SIGNED_WITHOUT_BLANKS,
        /** No {@code sig}, and unsigned webhooks are accepted (an explicit opt-out). */
        UNSIGNED
    }

    /**
     * @return how the parameters were signed, or {@link Result#UNSIGNED} when there is no {@code sig} and unsigned
     *         webhooks are accepted
     * @throws MissingSignatureException unsigned while signatures are required (503: Vonage retries, signed)
     * @throws InvalidSignatureException signed but wrong, stale or future-dated, or for an unknown API key (401, with
     *                                   the same reason as a wrong signature, so API keys cannot be probed)
     */
    public Result verify(Map<String, String> params) throws InvalidSignatureException, MissingSignatureException {
        String sig = params.get(SIG);
        if (sig == null) {
            if (signatureRequired) {
                throw new MissingSignatureException("unsigned SMS webhook");
            }
            return Result.UNSIGNED;
        }
        if (sig.isEmpty() || sig.length() > MAX_SIG_LENGTH || !isHex(sig)) {
            // Present but unusable is a bad signature, not a missing one: a retry would not fix it.
            throw new InvalidSignatureException("malformed sig");
        }
        long timestamp = timestamp(params.get(TIMESTAMP));

        Result result = matches(params, sig.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                secrets.secretsOrDecoyFor(params.get(API_KEY)));
        if (result == null) {
            throw new InvalidSignatureException("signature mismatch");
        }
        // Freshness after the signature: a stale but genuine request then reads "stale", which points at
        // clock skew or a late retry rather than at a forgery.
        long now = clock.instant().getEpochSecond();
        if (now - timestamp > maxAgeSeconds) {
            throw new InvalidSignatureException("stale timestamp");
        }
        if (timestamp - now > maxFutureSeconds) {
            throw new InvalidSignatureException("timestamp in the future");
        }
        return result;
    }

    /** The variant that matched, or null. Every candidate is computed, so timing does not tell which one failed. */
    private Result matches(Map<String, String> params, byte[] expected, List<String> candidates) {
        // SDKs disagree on empty values: "include all" first, then Java's "skip blank".
        String all = stringToSign(params, false);
        String skipped = stringToSign(params, true);
        boolean allOk = false;
        boolean skippedOk = false;
        for (String secret : candidates) { // several secrets while rotating
            allOk |= MessageDigest.isEqual(method.sign(all, secret).getBytes(StandardCharsets.US_ASCII), expected);
            if (!skipped.equals(all)) {
                skippedOk |= MessageDigest.isEqual(method.sign(skipped, secret).getBytes(StandardCharsets.US_ASCII), expected);
            }
        }
        return allOk ? Result.SIGNED : skippedOk ? Result.SIGNED_WITHOUT_BLANKS : null;
    }

    /**
     * Without {@code sig}, names in code-point order, '&' and '=' replaced by '_' in names
     * and values, each pair as {@code &name=value}.
     */
    public static String stringToSign(Map<String, String> params, boolean skipBlankValues) {
        List<String> names = new ArrayList<>(params.keySet());
        names.sort(CODE_POINT_ORDER);
        StringBuilder sb = new StringBuilder(256);
        for (String name : names) {
            String value = params.get(name);
            if (name.equals(SIG) || value == null || (skipBlankValues && value.isBlank())) {
                continue;
            }
            sb.append('&').append(clean(name)).append('=').append(clean(value));
        }
        return sb.toString();
    }

    private static String clean(String s) {
        return s.replace('&', '_').replace('=', '_');
    }

    private static long timestamp(String value) throws InvalidSignatureException {
        if (value == null || value.isEmpty()) {
            throw new InvalidSignatureException("missing timestamp");
        }
        // Digits only (no sign, no spaces), at most 18 of them so parsing cannot overflow.
        if (value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidSignatureException("timestamp is not an integer");
        }
        return Long.parseLong(value);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "SmsSignatureVerifier[method=" + method.configName() + ", maxAge=" + maxAgeSeconds + "s, maxFuture="
                + maxFutureSeconds + "s, required=" + signatureRequired + ", " + secrets + "]";
    }
}
