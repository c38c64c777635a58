package io.webhookbridge.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.webhookbridge.event.Sha256;

/**
 * Signs a sample webhook body the way Vonage does (HS256 JWT with the body's SHA-256 as payload_hash) with
 * {@code VONAGE_SIGNATURE_SECRET} and posts it to a running bridge: the quickest way to see an event land.
 */
public final class SampleSender {

    private SampleSender() {
    }

    public static int run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: send-sample <json-file> [url]   (url default: "
                    + "http://localhost:8080/webhooks/inbound-message, or .../message-status when the file has a \"status\")");
            return 2;
        }
        String secret = System.getenv("VONAGE_SIGNATURE_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("set VONAGE_SIGNATURE_SECRET to the secret the bridge runs with");
            return 2;
        }
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String port = System.getenv().getOrDefault("BRIDGE_HTTP_PORT", "8080");
        String url = args.length > 1 ? args[1] : "http://localhost:" + port
                + (text.contains("\"status\"") ? "/webhooks/message-status" : "/webhooks/inbound-message");
        HttpResponse<String> response = post(HttpClient.newHttpClient(), URI.create(url), body,
                secret.split(",")[0].trim(), "sample-api-key");
        System.out.println(response.statusCode() + " " + response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    /** POSTs a JSON body signed the way Vonage signs it. */
    public static HttpResponse<String> post(HttpClient client, URI url, byte[] body, String secret, String apiKey)
            throws Exception {
        return client.send(HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + sign(secret, body, apiKey))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Vonage-style webhook token for this body. */
    public static String sign(String secret, byte[] body, String apiKey) throws Exception {
        String hash = HexFormat.of().formatHex(Sha256.digest(body));
        return JWT.create()
                .withIssuedAt(java.time.Instant.now())
                .withJWTId(UUID.randomUUID().toString())
                .withIssuer("Vonage")
                .withClaim("payload_hash", hash)
                .withClaim("api_key", apiKey)
                .sign(Algorithm.HMAC256(secret));
    }
}
