package io.webhookbridge;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.tools.SampleSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * BRIDGE_LOG_FORMAT=json, as an operator sets it: the bridge runs in a JVM of its own with that environment variable
 * and the shipped log configuration, and what it writes to standard output is read back. Every line is one JSON
 * object; the lines about an event (here its failing deliveries) carry its id, kind and target as fields; no phone
 * number of the payload appears anywhere. The bridge logs no payload, so that last check would pass without the mask
 * too: ShippedLogLinesTest is the one that logs phone numbers and texts through the shipped configuration.
 */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void jsonLinesParseCarryTheEventAndNoPhoneNumber() throws Exception {
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        // Nothing listens there: every delivery fails, is logged, retried once, then parked.
        int deadTarget = FreePorts.next();
        ProcessBuilder builder = BridgeProcess.builder(work.resolve("data"), httpPort, managementPort);
        Map<String, String> env = builder.environment();
        env.put("BRIDGE_LOG_FORMAT", "json");
        env.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        env.put("BRIDGE_TARGET_INBOUND", "http://127.0.0.1:" + deadTarget + "/hook");
        env.put("BRIDGE_DELIVERY_MAX_REDELIVERIES", "1");
        env.put("BRIDGE_DELIVERY_INITIAL_DELAY_MS", "100");
        env.put("BRIDGE_DELIVERY_MAX_DELAY_MS", "200");
        Process bridge = builder.start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        collect(bridge.getInputStream(), out);
        collect(bridge.getErrorStream(), err);

        String uuid = UUID.randomUUID().toString();
        String eventId = EventHeaders.eventId(EventHeaders.KIND_INBOUND_MESSAGE, uuid);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                assertTrue(bridge.isAlive(), () -> "the bridge exited: " + out + err);
                return status(http, URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready")) == 200;
            });
            byte[] body = Samples.withUuid("inbound-whatsapp-text", uuid).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/webhooks/inbound-message"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + SampleSender.sign(BridgeRunner.SECRET, body, "a1b2c3d4"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, accepted.statusCode(), accepted.body());
            await().atMost(Duration.ofSeconds(60)).until(() -> out.stream()
                    .anyMatch(line -> line.contains(eventId) && line.contains("parked")));
        } finally {
            bridge.destroy();
            if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
                fail("the bridge did not stop within 30 s of SIGTERM");
            }
        }

        int aboutTheEvent = 0;
        for (String line : out) {
            JsonNode json;
            try {
                json = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertTrue(json.isObject() && json.hasNonNull("message") && json.hasNonNull("log.level")
                    && json.hasNonNull("@timestamp"), line);
            if (json.get("message").asText().contains(eventId)) {
                aboutTheEvent++;
                assertEquals(eventId, json.path(EventHeaders.EVENT_ID).asText(), line);
                assertEquals(EventHeaders.KIND_INBOUND_MESSAGE, json.path(EventHeaders.KIND).asText(), line);
                assertTrue(json.path("bridgeTarget").asText().startsWith("http://127.0.0.1:" + deadTarget), line);
            }
            for (String phoneNumber : new String[] {"447700900777", "491701234567"}) {
                assertFalse(line.contains(phoneNumber), line);
            }
        }
        // A failed attempt, then the last one parked.
        assertTrue(aboutTheEvent >= 2, "lines about the event: " + aboutTheEvent + " in " + out);
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the process ended
            }
        }, "bridge-output");
        reader.setDaemon(true);
        reader.start();
    }
}
