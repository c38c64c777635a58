package io.webhookbridge.messages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import io.webhookbridge.signature.SignatureSecrets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A signed Messages API webhook as Vonage documents it, and every way of breaking it. */
class MessagesJwtVerifierTest {

    static final String SECRET = "TestSignatureSecret123";
    static final String BODY = "{\"channel\":\"sms\",\"message_uuid\":\"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\"to\":\"447700900456\",\"from\":\"447700900123\",\"timestamp\":\"2025-03-14T09:26:53Z\",\"message_type\":\"text\",\"text\":\"Hi there\"}";
    static final String TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NDE5NDQ0MTQsImp0aSI6IjBiN2UxZDRjLTUyYTktNGYxZS05YzNiLTdhOGQ2ZTVmNGMyMSIsImlzcyI6IlZvbmFnZSIsInBheWxvYWRfaGFzaCI6IjRjODU0YzdhYjRkYWZlOGE3MDVmMzEwZjYwOTQyMTMwZjNkNjc4NmJmYzJhYmY4MWQ4YTMxMjk3Yjg4MTc4YjkiLCJhcGlfa2V5IjoiYTFiMmMzZDQiLCJhcHBsaWNhdGlvbl9pZCI6IjExMTExMTExLTIyMjItNDMzMy04NDQ0LTU1NTU1NTU1NTU1NSJ9.Gg2zQNnF6BkVjdldmUd3P5CrEkBHE72TXwNNqV2yodA";
    static final long IAT = 1741944414L;
    static final Clock AT_ISSUE = Clock.fixed(Instant.ofEpochSecond(IAT + 60), ZoneOffset.UTC);

    private final MessagesJwtVerifier verifier = verifier(new SignatureSecrets(SECRET, null), AT_ISSUE);

    static MessagesJwtVerifier verifier(SignatureSecrets secrets, Clock clock) {
        return new MessagesJwtVerifier(secrets, 86400, 300, clock);
    }

    static byte[] body() {
        return BODY.getBytes(StandardCharsets.UTF_8);
    }

    static String hash(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    static String token(Algorithm algorithm, long iat, String apiKey, String payloadHash) {
        return JWT.create().withIssuedAt(Instant.ofEpochSecond(iat)).withIssuer("Vonage").withJWTId("j1")
                .withClaim("payload_hash", payloadHash).withClaim("api_key", apiKey).sign(algorithm);
    }

    @Test
    void specVectorVerifies() throws Exception {
        DecodedJWT jwt = verifier.verify("Bearer " + TOKEN, body());
        assertEquals("a1b2c3d4", jwt.getClaim("api_key").asString());
        assertEquals("11111111-2222-4333-8444-555555555555", jwt.getClaim("application_id").asString());
        assertEquals("4c854c7ab4dafe8a705f310f60942130f3d6786bfc2abf81d8a31297b88178b9", hash(body()));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() throws Exception {
        assertEquals("a1b2c3d4", verifier.verify("bearer " + TOKEN, body()).getClaim("api_key").asString());
    }

    @Test
    void missingHeaderIsMissingSignature() {
        assertThrows(MissingSignatureException.class, () -> verifier.verify(null, body()));
        assertThrows(MissingSignatureException.class, () -> verifier.verify(" ", body()));
    }

    @Test
    void algNoneIsRejected() {
        String[] parts = TOKEN.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + none + "." + parts[1] + ".", body()));
        assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + none + "." + parts[1] + "." + parts[2], body()));
    }

    @Test
    void hs512IsRejectedEvenWithTheRightSecret() throws Exception {
        String hs512 = token(Algorithm.HMAC512(SECRET), IAT, "a1b2c3d4", hash(body()));
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + hs512, body()));
        assertEquals("algorithm must be HS256", e.getMessage());
    }

    @Test
    void wrongSecretIsRejected() throws Exception {
        String forged = token(Algorithm.HMAC256("not-the-secret"), IAT, "a1b2c3d4", hash(body()));
        assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + forged, body()));
    }

    @Test
    void tamperedBodyIsRejected() {
        byte[] tampered = BODY.replace("Hi there", "Hi thera").getBytes(StandardCharsets.UTF_8);
        InvalidSignatureException e = assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + TOKEN, tampered));
        assertEquals("payload_hash does not match the body", e.getMessage());
        // Same JSON, different bytes (a re-serialisation): also rejected, the hash is over the raw bytes.
        byte[] spaced = BODY.replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + TOKEN, spaced));
    }

    @Test
    void tamperedClaimsAreRejected() {
        String[] parts = TOKEN.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("a1b2c3d4", "a1b2c3d5");
        String changed = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + changed, body()));
    }

    @Test
    void staleAndFutureTokensAreRejected() {
        MessagesJwtVerifier dayLater = verifier(new SignatureSecrets(SECRET, null), Clock.fixed(Instant.ofEpochSecond(IAT + 86401), ZoneOffset.UTC));
        assertEquals("token is older than 86400 s",
                assertThrows(InvalidSignatureException.class, () -> dayLater.verify("Bearer " + TOKEN, body())).getMessage());
        MessagesJwtVerifier earlier = verifier(new SignatureSecrets(SECRET, null), Clock.fixed(Instant.ofEpochSecond(IAT - 301), ZoneOffset.UTC));
        assertEquals("token is issued in the future",
                assertThrows(InvalidSignatureException.class, () -> earlier.verify("Bearer " + TOKEN, body())).getMessage());
        // Inside both bounds: a retry 23 h later, and 4 minutes of clock skew.
        MessagesJwtVerifier retry = verifier(new SignatureSecrets(SECRET, null), Clock.fixed(Instant.ofEpochSecond(IAT + 23 * 3600), ZoneOffset.UTC));
        MessagesJwtVerifier skew = verifier(new SignatureSecrets(SECRET, null), Clock.fixed(Instant.ofEpochSecond(IAT - 240), ZoneOffset.UTC));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> retry.verify("Bearer " + TOKEN, body()));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> skew.verify("Bearer " + TOKEN, body()));
    }

    @Test
    void aTokenWhosePartsAreJsonButNotObjectsIsMalformed() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (String[] parts : new String[][] {{"{\"alg\":\"HS256\"}", "null"}, {"null", "{}"}, {"[1]", "{}"}}) {
            String token = b64.encodeToString(parts[0].getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(parts[1].getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".AAAA";
            assertThrows(InvalidSignatureException.class, () -> verifier.verify("Bearer " + token, body()), parts[1]);
        }
    }

    @Test
    void malformedTokensAreRejected() {
        for (String bad : new String[] {"Bearer abc", "Bearer a.b.c", "Basic " + TOKEN, "Bearer ", TOKEN}) {
            assertThrows(InvalidSignatureException.class, () -> verifier.verify(bad, body()), bad);
        }
    }

    @Test
    void unknownApiKeyIsRejectedWhenSecretsAreMappedPerKey() {
        MessagesJwtVerifier perKey = verifier(new SignatureSecrets(null, "otherkey=" + SECRET), AT_ISSUE);
        // The same answer as a wrong secret: which API keys are configured cannot be probed.
        assertEquals("signature does not match the signature secret",
                assertThrows(InvalidSignatureException.class, () -> perKey.verify("Bearer " + TOKEN, body())).getMessage());
        MessagesJwtVerifier mapped = verifier(new SignatureSecrets(null, "otherkey=x,a1b2c3d4=" + SECRET), AT_ISSUE);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> mapped.verify("Bearer " + TOKEN, body()));
        // A mapped key uses only its own secret, never the defaults.
        MessagesJwtVerifier wrongMapping = verifier(new SignatureSecrets(SECRET, "a1b2c3d4=other"), AT_ISSUE);
        assertThrows(InvalidSignatureException.class, () -> wrongMapping.verify("Bearer " + TOKEN, body()));
    }

    @Test
    void secondSecretOfARotationIsAccepted() {
        MessagesJwtVerifier rotating = verifier(new SignatureSecrets("new-secret-1, " + SECRET, null), AT_ISSUE);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> rotating.verify("Bearer " + TOKEN, body()));
    }

    @Test
    void shortSecretsWork() throws Exception {
        MessagesJwtVerifier shortSecret = verifier(new SignatureSecrets("abc", null), AT_ISSUE);
        String token = token(Algorithm.HMAC256("abc"), IAT, "k", hash(body()));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> shortSecret.verify("Bearer " + token, body()));
    }

    @Test
    void noSecretRefusesToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SignatureSecrets("", " "));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("VONAGE_SIGNATURE_SECRET"));
    }
}
