package io.webhookbridge.messages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.auth0.jwt.interfaces.DecodedJWT;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.FuzzChecks;
import io.webhookbridge.signature.SignatureSecrets;

/**
 * Fuzzes {@link MessagesJwtVerifier#verify(String, byte[])}: the Authorization header and body of a Messages API
 * webhook, the first code to see them.
 * <p>
 * Input layout (first byte):
 * <ul>
 *   <li>{@code R}: the raw Authorization header on the first line, the body after it;</li>
 *   <li>{@code T}: JOSE header JSON, claims JSON and signature text on three lines, then the body; the token is
 *       {@code base64url(header).base64url(claims).signature} (so the fuzzer works on JSON, not on base64);</li>
 *   <li>{@code S}: JOSE header JSON and claims JSON on two lines, then the body, HMAC-SHA256-signed here with the
 *       test secret, so that the checks after the signature (iss, iat, payload_hash, claim types) are fuzzed too.</li>
 * </ul>
 * Expected: a verified token, or a declared refusal quoting nothing of the token or body. A token is only ever
 * accepted when its HMAC, recomputed here without java-jwt, matches, and its payload_hash is the body's SHA-256.
 */
public final class MessagesJwtVerifierFuzz {

    private MessagesJwtVerifierFuzz() {
    }


    static final String SECRET = BridgeRunner.SECRET;
    /** One minute after the iat of the test vector in the shared spec (section 1.8), so that vector verifies. */
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1741944414L + 60), ZoneOffset.UTC);
    static final long MAX_AGE = 86400;
    static final long MAX_FUTURE = 300;
    static final MessagesJwtVerifier VERIFIER =
            new MessagesJwtVerifier(new SignatureSecrets(SECRET, null), MAX_AGE, MAX_FUTURE, CLOCK);

    /** One input; run by {@link io.webhookbridge.WebhookInputsFuzzTest}. */
    public static void verify(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        String authorization;
        byte[] body;
        switch (data[0]) {
            case 'T' -> {
                Object[] l = FuzzChecks.lines(data, 1, 3);
                authorization = "Bearer " + b64((String) l[0]) + "." + b64((String) l[1]) + "." + l[2];
                body = (byte[]) l[3];
            }
            case 'S' -> {
                Object[] l = FuzzChecks.lines(data, 1, 2);
                String signingInput = b64((String) l[0]) + "." + b64((String) l[1]);
                authorization = "Bearer " + signingInput + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingInput));
                body = (byte[]) l[2];
            }
            default -> {
                Object[] l = FuzzChecks.lines(data, 1, 1);
                authorization = ((String) l[0]).isEmpty() ? null : (String) l[0];
                body = (byte[]) l[1];
            }
        }

        DecodedJWT jwt;
        try {
            jwt = VERIFIER.verify(authorization, body);
        } catch (Exception e) {
            FuzzChecks.expectRefusal(e, authorization, body);
            return;
        }
        checkAccepted(authorization, body, jwt);
    }

    /** Recomputes, independently of java-jwt, everything that makes a token acceptable. */
    static void checkAccepted(String authorization, byte[] body, DecodedJWT jwt) throws Exception {
        String token = authorization.substring("Bearer ".length()).trim();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AssertionError("accepted a token that is not three parts");
        }
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        if (!MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
            throw new AssertionError("accepted a token whose HMAC-SHA256 does not match the secret");
        }
        if (!"HS256".equals(jwt.getAlgorithm()) || !"Vonage".equals(jwt.getIssuer())) {
            throw new AssertionError("accepted a token with alg " + jwt.getAlgorithm() + " / iss " + jwt.getIssuer());
        }
        String expectedHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        String hash = jwt.getClaim("payload_hash").asString();
        if (hash == null || !expectedHash.equals(hash.toLowerCase(Locale.ROOT))) {
            throw new AssertionError("accepted a token whose payload_hash is not the body's SHA-256");
        }
        Long iat = jwt.getClaim("iat").asLong();
        long now = CLOCK.instant().getEpochSecond();
        if (iat == null || iat < now - MAX_AGE || iat > now + MAX_FUTURE) {
            throw new AssertionError("accepted a token whose iat " + iat + " is outside the window");
        }
    }

    static String b64(String latin1) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] hmac(String signingInput) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
