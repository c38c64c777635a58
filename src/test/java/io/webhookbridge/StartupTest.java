package io.webhookbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a start leaves behind: every route file in routes/ loaded, and one summary line that names no secret. */
class StartupTest {

    private static final String TARGET_PASSWORD = "tgtPassw0rd";

    @TempDir
    Path work;

    @Test
    void anyYamlFileInTheRoutesDirectoryIsLoadedAndTheStartEndsWithOneSummaryWithoutSecrets() throws Exception {
        String target = "https://bridge:" + TARGET_PASSWORD + "@hooks.example.invalid/vonage";
        try (LogCapture logs = new LogCapture()) {
            BridgeRunner runner = new BridgeRunner(work).property("bridge.target.status.rejected", target);
            Files.writeString(runner.routesDir().resolve("my-rule.yaml"), """
                    - route:
                        id: my-rule
                        from:
                          uri: direct:my-rule
                          steps:
                            - log: "my rule"
                    """);
            try (BridgeRunner bridge = runner.start()) {
                assertNotNull(bridge.context().getRoute("my-rule"), "routes/my-rule.yaml is loaded");
            }

            List<String> summaries = logs.lines().stream().filter(l -> l.startsWith("INFO io.webhookbridge.StartSequence")).toList();
            assertEquals(1, summaries.size(), String.join("\n", logs.lines()));
            String summary = summaries.get(0);
            assertTrue(summary.contains("webhook-bridge ready: webhook port 127.0.0.1:"), summary);
            assertTrue(summary.contains("data " + work.resolve("data").toAbsolutePath()), summary);
            assertTrue(summary.contains("https://bridge:xxxxxx@hooks.example.invalid/vonage"), summary);
            assertTrue(summary.contains("bus off"), summary);
            assertTrue(summary.contains("Messages API signature secret set, per-account secrets not set"), summary);
            assertTrue(summary.contains("SMS signature method md5hash required"), summary);
            for (String secret : List.of(BridgeRunner.SECRET, BridgeRunner.MANAGEMENT_TOKEN, TARGET_PASSWORD)) {
                assertTrue(logs.lines().stream().noneMatch(l -> l.contains(secret)), secret);
            }
            // No property dumps: Camel's own start-up lists are off.
            assertTrue(logs.lines().stream().noneMatch(l -> l.contains("Property-placeholders summary")
                    || l.contains("Auto-configuration summary")), String.join("\n", logs.lines()));
        }
    }
}
