package io.webhookbridge.httptarget;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.LogCapture;
import io.webhookbridge.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Targets that demand a bearer token, basic auth or a client certificate (over HTTPS with a self-signed server the
 * bridge trusts through its trust store) receive their events; no secret shows in the log, the admin API or health.
 */
class CredentialedDeliveryTest {

    @TempDir
    Path work;

    @Test
    void bearerBasicAndMutualTlsTargetsReceiveTheirEventsAndNoSecretShows() throws Exception {
        TestStores stores = new TestStores(work.resolve("tls"));
        String token = "bearer-" + UUID.randomUUID();
        String password = "basic-" + UUID.randomUUID();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("bridge:" + password).getBytes(StandardCharsets.UTF_8));
        String signingSecret = SignedDeliveryTest.newSecret();
        try (AuthTargets targets = new AuthTargets(stores.serverContext())
                        .require("/bearer", "Bearer " + token).require("/basic", basic);
                LogCapture logs = new LogCapture();
                BridgeRunner bridge = new BridgeRunner(work)
                        .property("bridge.target.inbound", targets.url("/bearer"))
                        .property("bridge.target.inbound.bearer-token", token)
                        .property("bridge.target.inbound.signing-secrets", signingSecret)
                        .property("bridge.target.status", targets.url("/basic"))
                        .property("bridge.target.status.basic-user", "bridge")
                        .property("bridge.target.status.basic-password", password)
                        .property("bridge.target.inbound.whatsapp", targets.httpsUrl("/mtls"))
                        .property("bridge.target.inbound.whatsapp.client-keystore", stores.clientStore.toString())
                        .property("bridge.target.inbound.whatsapp.client-keystore-password", TestStores.CLIENT_PASSWORD)
                        .property("bridge.target.inbound.whatsapp.truststore", stores.clientTrust.toString())
                        .property("bridge.target.inbound.whatsapp.truststore-password", TestStores.CLIENT_TRUST_PASSWORD)
                        .start()) {
            // Without credentials, each target refuses.
            assertEquals(401, post(HttpClient.newHttpClient(), targets.url("/bearer")));
            assertEquals(401, post(HttpClient.newHttpClient(), targets.url("/basic")));
            HttpClient noCertificate = HttpClient.newBuilder().sslContext(stores.clientWithoutCertificate()).build();
            assertThrows(IOException.class, () -> post(noCertificate, targets.httpsUrl("/mtls")));

            String inbound = UUID.randomUUID().toString();
            String status = UUID.randomUUID().toString();
            String whatsapp = UUID.randomUUID().toString();
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", inbound)).statusCode());
            assertEquals(200, bridge.postSigned("/webhooks/message-status", Samples.withUuid("status-whatsapp-delivered", status)).statusCode());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", whatsapp)).statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> has(targets, "/bearer", inbound)
                    && has(targets, "/basic", status) && has(targets, "/mtls", whatsapp));

            List<String> shown = new ArrayList<>(logs.lines());
            shown.add(bridge.management("/admin/targets", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN).body());
            shown.add(bridge.health().body());
            assertTrue(shown.get(shown.size() - 2).contains("127.0.0.1"), "the admin API lists the targets: " + shown.get(shown.size() - 2));
            for (String secret : List.of(token, password, basic.substring("Basic ".length()), signingSecret,
                    signingSecret.substring("whsec_".length()), TestStores.CLIENT_PASSWORD, TestStores.CLIENT_TRUST_PASSWORD)) {
                assertFalse(shown.stream().anyMatch(line -> line.contains(secret)),
                        String.join("\n", shown.stream().filter(line -> line.contains(secret)).toList()));
            }
        }
    }

    @Test
    void aClientKeyStoreWithTheWrongPasswordStopsTheStartNamingTheVariableNotThePassword() throws Exception {
        TestStores stores = new TestStores(work.resolve("tls"));
        String wrong = "wrong-" + UUID.randomUUID();
        try (LogCapture logs = new LogCapture();
                BridgeRunner bridge = new BridgeRunner(work)
                        .property("bridge.target.inbound", "https://127.0.0.1:9/hook")
                        .property("bridge.target.inbound.client-keystore", stores.clientStore.toString())
                        .property("bridge.target.inbound.client-keystore-password", wrong)) {
            Exception failed = assertThrows(Exception.class, bridge::start);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failed; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            assertTrue(messages.toString().contains("BRIDGE_TARGET_INBOUND_CLIENT_KEYSTORE_PASSWORD"), messages.toString());
            assertFalse(messages.toString().contains(wrong), messages.toString());
            assertFalse(logs.lines().stream().anyMatch(line -> line.contains(wrong)));
        }
    }

    private static boolean has(AuthTargets targets, String path, String uuid) {
        return targets.accepted(path).stream().anyMatch(body -> body.contains(uuid));
    }

    private static int post(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
