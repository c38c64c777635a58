package io.webhookbridge.dispatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.LogCapture;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials in a target URI stay in the configuration: the data directory never holds them. */
class TargetCredentialsTest {

    private static final String SECRET = "s3cretValue";

    @TempDir
    Path work;

    @Test
    void aTargetsCredentialsNeverReachTheDataDirectoryAndItsEventsAreDeliveredAfterARestart() throws Exception {
        try (TargetServer http = new TargetServer().failFirst("/hook", Integer.MAX_VALUE); LogCapture logs = new LogCapture()) {
            String target = http.url("/hook") + "?password=" + SECRET;
            String userInfo = "https://bridge:" + SECRET + "@hooks.example.invalid/vonage";
            Path registry = work.resolve("data").resolve("targets.properties");

            List<String> uuids = new ArrayList<>();
            try (BridgeRunner first = configured(new BridgeRunner(work), target)
                    .property("bridge.target.status", userInfo).start()) {
                for (int i = 0; i < 2; i++) {
                    String uuid = UUID.randomUUID().toString();
                    uuids.add(uuid);
                    assertEquals(200, first.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", uuid)).statusCode());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> uuids.stream().allMatch(u -> attempts(http, u) > 0));
                Properties recorded = new Properties();
                try (var in = Files.newInputStream(registry)) {
                    recorded.load(in);
                }
                // Masked, under <id>.masked.
                assertEquals(http.url("/hook") + "?password=xxxxxx", recorded.get(new TargetUri(target).id() + ".masked"));
                assertEquals("https://bridge:xxxxxx@hooks.example.invalid/vonage",
                        recorded.get(new TargetUri(userInfo).id() + ".masked"));
                assertEquals(2, recorded.size(), recorded.toString());
                assertNoSecretIn(registry.getParent());
            }

            // Restarted without the target in the configuration: its events wait, and the log says so.
            try (BridgeRunner second = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:c.inbound").start()) {
                String id = new TargetUri(target).id();
                assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains(id) && l.contains("2 events waiting")
                        && l.contains("password=xxxxxx")), String.join("\n", logs.lines()));
                assertEquals(2, second.broker().messageCount("bridge.deliver." + id));
            }

            // Configured again: delivered.
            http.failFirst("/hook", 0);
            try (BridgeRunner third = configured(new BridgeRunner(work), target).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> http.accepted("/hook").size() >= 2);
                List<String> delivered = http.accepted("/hook").stream()
                        .map(r -> r.body().replaceAll(".*?\"message_uuid\":\"([^\"]+)\".*", "$1")).sorted().toList();
                assertEquals(uuids.stream().sorted().toList(), delivered);
            }
            assertNoSecretIn(registry.getParent());
            assertFalse(logs.lines().stream().anyMatch(l -> l.contains(SECRET)),
                    String.join("\n", logs.lines().stream().filter(l -> l.contains(SECRET)).toList()));
        }
    }

    private static BridgeRunner configured(BridgeRunner bridge, String target) {
        return bridge.property("bridge.target.inbound", target)
                .property("bridge.delivery.max-redeliveries", "1000")
                .property("bridge.delivery.initial-delay-ms", "200");
    }

    private static int attempts(TargetServer http, String uuid) {
        return http.attempts("/hook", Samples.withUuid("inbound-sms", uuid));
    }

    /** No file in the data directory (targets.properties, the journal, the SMS store, ...) holds the secret. */
    private static void assertNoSecretIn(Path dataDir) throws Exception {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(SECRET), file.toString());
                }
            }
        }
    }
}
