package io.webhookbridge.sms;

import static io.webhookbridge.sms.SmsSignatureVerifier.Result.SIGNED;
import static io.webhookbridge.sms.SmsSignatureVerifier.Result.SIGNED_WITHOUT_BLANKS;
import static io.webhookbridge.sms.SmsSignatureVerifier.Result.UNSIGNED;

import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import io.webhookbridge.signature.SignatureSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.webhookbridge.sms.SmsTestSigning.SECRET;
import static io.webhookbridge.sms.SmsTestSigning.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsSignatureVerifierTest {

    static final long NOW = 1_750_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final SignatureSecrets SECRETS = new SignatureSecrets(SECRET, null);

    static LinkedHashMap<String, String> inbound(long timestamp) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        p.put("msisdn", "447700900123");
        p.put("to", "447700900456");
        p.put("messageId", "1A00000012345678");
        p.put("text", "Tom & Jerry = 2 + ünïcødé 👋");
        p.put("type", "unicode");
        p.put("keyword", "TOM");
        p.put("api-key", "a1b2c3d4");
        p.put("message-timestamp", "2025-06-15 15:06:40");
        p.put("timestamp", Long.toString(timestamp));
        p.put("nonce", "3f1c9a52-7d2e-4b8f-9a61-0c5e2d7b4a11");
        return p;
    }

    static SmsSignatureVerifier verifier(String method) {
        return verifier(method, SECRETS, true);
    }

    static SmsSignatureVerifier verifier(String method, SignatureSecrets secrets, boolean required) {
        return new SmsSignatureVerifier(secrets, SmsSignatureMethod.fromConfig(method), 300, 60, required, CLOCK);
    }

    static InvalidSignatureException rejected(SmsSignatureVerifier v, Map<String, String> p) {
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class, () -> v.verify(p));
        // Reasons are logged and returned: never the secret nor any value.
        assertFalse(e.getMessage().contains(SECRET));
        for (String value : p.values()) {
            if (value.length() > 3) {
                assertFalse(e.getMessage().contains(value), e.getMessage());
            }
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5hash", "md5", "sha1", "sha256", "sha512"})
    void signedRequestVerifiesInEitherCase(String method) throws Exception {
        LinkedHashMap<String, String> p = signed(method, inbound(NOW - 10));
        assertEquals(SIGNED, verifier(method).verify(p));
        p.put("sig", p.get("sig").toLowerCase());
        assertEquals(SIGNED, verifier(method).verify(p));
        p.put("sig", p.get("sig").toUpperCase());
        assertEquals(SIGNED, verifier(method).verify(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5hash", "md5", "sha1", "sha256", "sha512"})
    void brokenVariantsAreRejected(String method) throws Exception {
        LinkedHashMap<String, String> good = signed(method, inbound(NOW - 10));
        SmsSignatureVerifier v = verifier(method);

        LinkedHashMap<String, String> wrongSig = new LinkedHashMap<>(good);
        String sig = wrongSig.get("sig");
        wrongSig.put("sig", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
        assertEquals("signature mismatch", rejected(v, wrongSig).getMessage());

        String otherMethod = method.equals("sha256") ? "sha512" : "sha256";
        assertEquals("signature mismatch", rejected(verifier(otherMethod), good).getMessage());

        LinkedHashMap<String, String> tampered = new LinkedHashMap<>(good);
        tampered.put("text", "Tom & Jerry = 3");
        assertEquals("signature mismatch", rejected(v, tampered).getMessage());

        LinkedHashMap<String, String> added = new LinkedHashMap<>(good);
        added.put("concat", "true");
        assertEquals("signature mismatch", rejected(v, added).getMessage());

        LinkedHashMap<String, String> otherSecret = signed(method, inbound(NOW - 10), "AnotherSecret", false);
        assertEquals("signature mismatch", rejected(v, otherSecret).getMessage());

        assertEquals("stale timestamp", rejected(v, signed(method, inbound(NOW - 301))).getMessage());
        assertEquals("timestamp in the future", rejected(v, signed(method, inbound(NOW + 61))).getMessage());

        LinkedHashMap<String, String> noTimestamp = inbound(NOW);
        noTimestamp.remove("timestamp");
        assertEquals("missing timestamp", rejected(v, signed(method, noTimestamp)).getMessage());

        LinkedHashMap<String, String> badTimestamp = inbound(NOW);
        badTimestamp.put("timestamp", "2025-06-15T15:06:40Z");
        assertEquals("timestamp is not an integer", rejected(v, signed(method, badTimestamp)).getMessage());

        LinkedHashMap<String, String> unknownKey = inbound(NOW);
        unknownKey.put("api-key", "ffff0000");
        SmsSignatureVerifier perKeyOnly = verifier(method, new SignatureSecrets(null, "a1b2c3d4=" + SECRET), true);
        assertEquals(SIGNED, perKeyOnly.verify(good));
        // The same answer as a wrong signature: which API keys are configured cannot be probed.
        assertEquals("signature mismatch", rejected(perKeyOnly, signed(method, unknownKey)).getMessage());
    }

    @Test
    void timeWindowEdgesAreInclusive() throws Exception {
        assertEquals(SIGNED, verifier("sha256").verify(signed("sha256", inbound(NOW - 300))));
        assertEquals(SIGNED, verifier("sha256").verify(signed("sha256", inbound(NOW + 60))));
    }

    @Test
    void malformedSigIsInvalidNotMissing() throws Exception {
        LinkedHashMap<String, String> p = signed("sha256", inbound(NOW));
        p.put("sig", "not-hex");
        assertEquals("malformed sig", rejected(verifier("sha256"), p).getMessage());
        p.put("sig", "");
        assertEquals("malformed sig", rejected(verifier("sha256", SECRETS, false), p).getMessage());
    }

    @Test
    void unsignedRequestDependsOnRequiredFlag() throws Exception {
        LinkedHashMap<String, String> p = inbound(NOW);
        assertThrows(MissingSignatureException.class, () -> verifier("sha256", SECRETS, true).verify(p));
        assertEquals(UNSIGNED, verifier("sha256", SECRETS, false).verify(p));
        p.remove("timestamp"); // an unsigned request needs no timestamp
        assertEquals(UNSIGNED, verifier("sha256", SECRETS, false).verify(p));
    }

    @Test
    void signedRequestIsCheckedEvenWhenNotRequired() throws Exception {
        LinkedHashMap<String, String> p = signed("md5hash", inbound(NOW));
        assertEquals(SIGNED, verifier("md5hash", SECRETS, false).verify(p));
        p.put("text", "changed");
        assertThrows(InvalidSignatureException.class, () -> verifier("md5hash", SECRETS, false).verify(p));
    }

    @Test
    void everyRotationSecretIsTried() throws Exception {
        SignatureSecrets rotating = new SignatureSecrets("OldSecret, " + SECRET, null);
        assertEquals(SIGNED, verifier("sha1", rotating, true).verify(signed("sha1", inbound(NOW))));
        assertEquals(SIGNED, verifier("sha1", rotating, true).verify(signed("sha1", inbound(NOW), "OldSecret", false)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5hash", "md5", "sha1", "sha256", "sha512"})
    void emptyValueSignedEitherWayVerifies(String method) throws Exception {
        LinkedHashMap<String, String> p = inbound(NOW);
        p.put("keyword", "");
        assertEquals(SIGNED, verifier(method).verify(signed(method, p, SECRET, false)));  // "include all" (Python, PHP, ...)
        // "skip empty" (Java SDK): the blank value was not signed, and the caller is told so.
        assertEquals(SIGNED_WITHOUT_BLANKS, verifier(method).verify(signed(method, p, SECRET, true)));
    }

    @Test
    void namesSortByCodePointAndSigIsNotSigned() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("messageId", "1");
        p.put("message-timestamp", "2");
        p.put("Zeta", "a=b&c");
        p.put("sig", "ignored");
        p.put("\uD83D\uDE00", "emoji");  // U+1F600 sorts after U+FF5E by code point (not by UTF-16 unit)
        p.put("\uFF5E", "fullwidth tilde");
        assertEquals("&Zeta=a_b_c&message-timestamp=2&messageId=1&\uFF5E=fullwidth tilde&\uD83D\uDE00=emoji",
                SmsSignatureVerifier.stringToSign(p, false));
    }

    @Test
    void negativeWindowIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> new SmsSignatureVerifier(SECRETS, SmsSignatureMethod.SHA256, -1, 60, true, CLOCK));
    }
}
