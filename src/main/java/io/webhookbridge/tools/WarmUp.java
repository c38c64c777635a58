package io.webhookbridge.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import io.webhookbridge.ingress.WebhookHttpEngine;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Starts the bridge (the {@link Main} it is given, so that this tool does not depend on the application) from
 * {@code config/} and {@code routes/} on throwaway ports and a temporary data directory, sends it one signed webhook
 * of each Messages API kind, and stops it. The build runs it under
 * {@code -XX:ArchiveClassesAtExit} to record the classes a start and a first webhook load into a class-data
 * archive ({@code target/webhook-bridge.jsa}), which {@code config/jvm.options} uses: the bridge then starts in
 * about half the time.
 */
public final class WarmUp {

    private static final String SECRET = "warm-up-" + UUID.randomUUID();

    private WarmUp() {
    }

    public static int run(Main main) throws Exception {
        // A start that only exists to load classes: its INFO lines would only clutter the build's output.
        Configurator.setRootLevel(Level.WARN);
        Path data = Files.createTempDirectory("webhook-bridge-warm-up");
        main.addOverrideProperty("vonage.signature.secret", SECRET);
        main.addOverrideProperty("bridge.data.dir", data.toString());
        main.addOverrideProperty("bridge.broker.port", "0");
        main.addOverrideProperty("bridge.http.host", "127.0.0.1");
        // Port 0: any free port, which the engine reports once it listens.
        main.addOverrideProperty("bridge.http.port", "0");
        main.addOverrideProperty("camel.management.host", "127.0.0.1");
        main.addOverrideProperty("camel.management.port", "0");
        main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        try {
            main.start();
            int httpPort = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("webhookHttpEngine", WebhookHttpEngine.class).getServerPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String uuid = UUID.randomUUID().toString();
            int inbound = post(client, httpPort, "/webhooks/inbound-message", """
                    {"channel":"sms","message_uuid":"%s","to":"447700900000","from":"447700900001",\
                    "timestamp":"2025-01-01T00:00:00Z","text":"warm-up","message_type":"text"}""".formatted(uuid));
            int status = post(client, httpPort, "/webhooks/message-status", """
                    {"message_uuid":"%s","to":"447700900001","from":"447700900000","timestamp":"2025-01-01T00:00:01Z",\
                    "status":"delivered","channel":"sms"}""".formatted(uuid));
            System.out.println("warm-up: inbound-message " + inbound + ", message-status " + status);
            return inbound == 200 && status == 200 ? 0 : 1;
        } finally {
            main.stop();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int post(HttpClient client, int port, String path, String json) throws Exception {
        return SampleSender.post(client, URI.create("http://127.0.0.1:" + port + path), json.getBytes(StandardCharsets.UTF_8),
                SECRET, "warm-up").statusCode();
    }
}
