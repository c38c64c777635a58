package io.webhookbridge.messages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.FieldRules;
import io.webhookbridge.event.Sha256;
import io.webhookbridge.signature.InvalidSignatureException;
import io.webhookbridge.signature.MissingSignatureException;
import io.webhookbridge.signature.SignatureSecrets;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Verifies a Messages API webhook: {@code Authorization: Bearer <JWT>}, HS256 only, signed with the account's
 * signature secret (chosen by the {@code api_key} claim), {@code iss} Vonage, {@code iat} inside the window,
 * and {@code payload_hash} equal to the SHA-256 of the body bytes exactly as received.
 * <p>
 * The HMAC check is java-jwt's (constant time, and unlike jjwt/Nimbus it takes secrets shorter than 32
 * bytes). The {@code iat} window is ours: Vonage retries for 24 h and may resend the same token.
 */
public final class MessagesJwtVerifier implements Processor {

    private static final String BEARER = "bearer ";

    private final SignatureSecrets secrets;
    private final long maxAgeSeconds;
    private final long maxFutureSeconds;
    private final Clock clock;

    public MessagesJwtVerifier(SignatureSecrets secrets, long maxAgeSeconds, long maxFutureSeconds, Clock clock) {
        this.secrets = secrets;
        this.maxAgeSeconds = maxAgeSeconds;
        this.maxFutureSeconds = maxFutureSeconds;
        this.clock = clock;
    }

    /** Runs as a route step ({@code process: ref: ...}): a plain processor, no bean-method binding per webhook. */
    @Override
    public void process(Exchange exchange) throws Exception {
        verify(exchange);
    }

    /** Verifies the exchange's webhook and moves the token's api_key and application_id into headers. */
    public void verify(Exchange exchange) throws InvalidSignatureException, MissingSignatureException {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        // The token must not travel any further than this step.
        exchange.getMessage().removeHeader("Authorization");
        byte[] body = exchange.getMessage().getBody(byte[].class);
        DecodedJWT jwt = verify(authorization, body == null ? new byte[0] : body);
        // Signed by Vonage, but they become JMS properties and HTTP headers: only short ids pass.
        String apiKey = jwt.getClaim("api_key").asString();
        if (apiKey != null && FieldRules.isId(apiKey)) {
            exchange.getMessage().setHeader(EventHeaders.API_KEY, apiKey);
        }
        String applicationId = jwt.getClaim("application_id").asString();
        if (applicationId != null && FieldRules.isId(applicationId)) {
            exchange.getMessage().setHeader(EventHeaders.APPLICATION_ID, applicationId);
        }
    }

    public DecodedJWT verify(String authorization, byte[] body) throws InvalidSignatureException, MissingSignatureException {
        if (authorization == null || authorization.isBlank()) {
            throw new MissingSignatureException("missing Authorization header");
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new InvalidSignatureException("Authorization is not a Bearer token");
        }
        String token = authorization.substring(BEARER.length()).trim();
        DecodedJWT jwt;
        String algorithm;
        String apiKey;
        try {
            jwt = JWT.decode(token);
            // A header or payload that is JSON but not an object (e.g. "null") decodes, then fails on first use.
            algorithm = jwt.getAlgorithm();
            apiKey = jwt.getClaim("api_key").asString();
        } catch (RuntimeException e) { // JWTDecodeException, or a NullPointerException from a "null" part
            throw new InvalidSignatureException("malformed token");
        }
        if (!"HS256".equals(algorithm)) {
            throw new InvalidSignatureException("algorithm must be HS256");
        }
        // An unknown api_key fails exactly like a wrong secret, so API keys cannot be probed.
        List<String> candidates = secrets.secretsOrDecoyFor(apiKey);
        boolean signed = false;
        for (String secret : candidates) {
            try {
                Algorithm.HMAC256(secret).verify(jwt);
                signed = true;
                break;
            } catch (SignatureVerificationException e) {
                // try the next secret of a rotation
            }
        }
        if (!signed) {
            throw new InvalidSignatureException("signature does not match the signature secret");
        }
        if (!"Vonage".equals(jwt.getIssuer())) {
            throw new InvalidSignatureException("issuer must be Vonage");
        }
        Claim iat = jwt.getClaim("iat");
        Long issuedAt = iat.isMissing() || iat.isNull() ? null : iat.asLong();
        if (issuedAt == null) {
            throw new InvalidSignatureException("missing iat");
        }
        long now = clock.instant().getEpochSecond();
        if (now - issuedAt > maxAgeSeconds) {
            throw new InvalidSignatureException("token is older than " + maxAgeSeconds + " s");
        }
        if (issuedAt - now > maxFutureSeconds) {
            throw new InvalidSignatureException("token is issued in the future");
        }
        String payloadHash = jwt.getClaim("payload_hash").asString();
        if (payloadHash == null) {
            throw new InvalidSignatureException("missing payload_hash");
        }
        byte[] expected = HexFormat.of().formatHex(Sha256.digest(body)).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = payloadHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new InvalidSignatureException("payload_hash does not match the body");
        }
        return jwt;
    }
}
