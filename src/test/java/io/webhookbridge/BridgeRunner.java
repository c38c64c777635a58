package io.webhookbridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.tools.SampleSender;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import static org.awaitility.Awaitility.await;

/**
 * Starts the real bridge in-process exactly as {@code java -jar} does (camel-main, config/application.properties,
 * YAML routes, embedded Artemis with a persistent journal), overriding only ports, the data directory, the
 * routes directory (a copy, so tests may edit it) and whatever a test sets.
 */
public final class BridgeRunner implements AutoCloseable {

    public static final String SECRET = "TestSignatureSecret123";
    /** The management port's token: {@link #health()} sends it to see every check's details. */
    public static final String MANAGEMENT_TOKEN = "test-management-token-4f1c";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bridge started last: tests run one bridge at a time, and {@link Queues} reads its broker. */
    private static volatile BridgeRunner latest;

    private final Path dataDir;
    private final Path routesDir;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Main main;
    private int httpPort;
    private int managementPort;

    public BridgeRunner(Path workDir) throws IOException {
        this.dataDir = workDir.resolve("data");
        this.routesDir = workDir.resolve("routes");
        if (!Files.exists(routesDir)) {
            Files.createDirectories(routesDir);
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, routesDir.resolve(f.getFileName()));
                }
            }
        }
        property("vonage.signature.secret", SECRET);
        property("bridge.management.token", MANAGEMENT_TOKEN);
        // Fast retries, so that retry and dead-letter tests take seconds.
        property("bridge.delivery.max-redeliveries", "3");
        property("bridge.delivery.initial-delay-ms", "100");
        property("bridge.delivery.max-delay-ms", "400");
        // No circuit breaker, so that a test of retries and dead letters sees every attempt; pacing tests turn it on.
        property("bridge.delivery.circuit-failures", "0");
    }

    public BridgeRunner property(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    public BridgeRunner start() throws Exception {
        httpPort = FreePorts.next();
        managementPort = FreePorts.next();
        main = Application.newMain();
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty("bridge.http.host", "127.0.0.1");
        main.addOverrideProperty("bridge.http.port", String.valueOf(httpPort));
        main.addOverrideProperty("camel.management.port", String.valueOf(managementPort));
        main.addOverrideProperty("bridge.data.dir", dataDir.toString());
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routesDir + "/*.yaml");
        main.addOverrideProperty("camel.main.routes-reload-directory", routesDir.toString());
        main.start();
        latest = this;
        await().atMost(Duration.ofSeconds(30)).until(() -> readyStatus() == 200);
        return this;
    }

    public void stop() throws Exception {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public static BridgeRunner latest() {
        if (latest == null || latest.main == null) {
            throw new IllegalStateException("no bridge is running");
        }
        return latest;
    }

    public EmbeddedBroker broker() {
        return context().getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class);
    }

    public Path routesDir() {
        return routesDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int readyStatus() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready"))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** GET /observe/health with every check's details (status code is 503 when any check is DOWN). */
    public HttpResponse<String> health() throws Exception {
        return management("/observe/health?exposureLevel=full&data=true", "Bearer " + MANAGEMENT_TOKEN);
    }

    /** One check of {@link #health()}, e.g. {@code message-bus}: its {@code status} and {@code data}; null when absent. */
    public JsonNode healthCheck(String name) throws Exception {
        HttpResponse<String> response = health();
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        return null;
    }

    /** GET on the management port, with this Authorization header (none when null). */
    public HttpResponse<String> management(String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** POSTs a body signed like Vonage signs it, with the test secret. */
    public HttpResponse<String> postSigned(String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(path, bytes, "Bearer " + SampleSender.sign(SECRET, bytes, "a1b2c3d4"));
    }

    public HttpResponse<String> post(String path, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

}
