package io.webhookbridge.httptarget;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP deliveries signed with Standard Webhooks, checked by consumers that use the Standard Webhooks library. */
class SignedDeliveryTest {

    @TempDir
    Path work;

    static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    @Test
    void consumersHoldingTheOldOrTheNewSecretAcceptEveryDeliveryAndATamperedBodyIsRefused() throws Exception {
        String oldSecret = newSecret();
        String newSecret = newSecret();
        try (SigningTarget consumers = new SigningTarget(List.of(oldSecret, newSecret));
                BridgeRunner bridge = new BridgeRunner(work)
                        .property("bridge.target.inbound", consumers.url("/signed"))
                        .property("bridge.target.inbound.signing-secrets", oldSecret + ", " + newSecret)
                        .start()) {
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String uuid = UUID.randomUUID().toString();
                uuids.add(uuid);
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", uuid)).statusCode());
            }
            // Every event is refused once (500) and accepted on its redelivery.
            await().atMost(Duration.ofSeconds(30)).until(() -> consumers.accepted() == 3);

            List<SigningTarget.Attempt> attempts = consumers.attempts();
            for (SigningTarget.Attempt attempt : attempts) {
                assertEquals(List.of(true, true), attempt.verified(), "both the old-secret and the new-secret consumer accept it");
                assertEquals(attempt.bridgeEventId(), attempt.webhookId());
                assertEquals(2, attempt.headers().get("Webhook-signature").get(0).split(" ").length, "one signature per secret");
            }
            Map<String, Set<String>> idsByUuid = attempts.stream().collect(Collectors.groupingBy(
                    a -> uuidOf(a.body()), Collectors.mapping(SigningTarget.Attempt::webhookId, Collectors.toSet())));
            for (String uuid : uuids) {
                assertEquals(Set.of("inbound-message-" + uuid), idsByUuid.get(uuid), "the same webhook-id on the first attempt and the redelivery");
                assertTrue(attempts.stream().filter(a -> uuidOf(a.body()).equals(uuid)).count() >= 2);
            }

            // The same request with one byte of the body changed: the consumers refuse it.
            SigningTarget.Attempt original = attempts.get(attempts.size() - 1);
            byte[] tampered = original.body().clone();
            int at = new String(tampered, StandardCharsets.UTF_8).indexOf("\"text\"") + 9;
            tampered[at] = (byte) (tampered[at] == 'x' ? 'y' : 'x');
            assertEquals(401, resend(consumers.url("/signed"), original, tampered));
            assertEquals(200, resend(consumers.url("/signed"), original, original.body()), "the untouched request is still accepted");
        }
    }

    private static String uuidOf(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replaceAll("(?s).*?\"message_uuid\":\"([^\"]+)\".*", "$1");
    }

    /** Sends a captured delivery again with the same Standard Webhooks headers and this body; answers the status. */
    private static int resend(String url, SigningTarget.Attempt original, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            original.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .forEach(e -> request.header(name, e.getValue().get(0)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
