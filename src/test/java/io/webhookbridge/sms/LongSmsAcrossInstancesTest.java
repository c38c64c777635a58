package io.webhookbridge.sms;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeProcess;
import io.webhookbridge.FreePorts;
import io.webhookbridge.bus.StandaloneArtemis;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two bridge processes behind one (imagined) load balancer on one standalone Artemis bus: the parts of 50 long SMS,
 * split between them in random order, come out as 50 joined events on the bus, each once and complete; also when one
 * bridge is killed with -9 half-way and restarted on its data directory while the other takes the rest.
 */
class LongSmsAcrossInstancesTest {

    static final int SMS = 50;
    static final String TARGET = "sms.joined";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void partsSplitBetweenTwoInstancesAreJoinedOnce() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start();
             Bridge a = new Bridge(bus, work.resolve("a")).start();
             Bridge b = new Bridge(bus, work.resolve("b")).start()) {
            Map<String, String> expected = new HashMap<>();
            List<Map<String, String>> parts = longSms(new Random(16), expected);
            for (int i = 0; i < parts.size(); i++) {
                (i % 2 == 0 ? a : b).post(parts.get(i));
            }
            assertJoinedOnce(bus, expected, a, b);
        }
    }

    @Test
    void aBridgeKilledHalfWayLosesNoPart() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start();
             Bridge a = new Bridge(bus, work.resolve("a")).start();
             Bridge b = new Bridge(bus, work.resolve("b")).start()) {
            Map<String, String> expected = new HashMap<>();
            List<Map<String, String>> parts = longSms(new Random(5), expected);
            int half = parts.size() / 2;
            for (int i = 0; i < half; i++) {
                (i % 2 == 0 ? a : b).post(parts.get(i));
            }
            a.kill();
            for (int i = half; i < parts.size(); i++) {
                b.post(parts.get(i));
            }
            a.start();
            assertJoinedOnce(bus, expected, a, b);
        }
    }

    /** The target queue on the bus receives exactly one complete event per SMS, with its full text in order. */
    private static void assertJoinedOnce(StandaloneArtemis bus, Map<String, String> expected, Bridge a, Bridge b)
            throws Exception {
        List<JsonNode> arrived = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        Runnable drain = () -> {
            try {
                for (Message m : bus.drain(TARGET)) {
                    arrived.add(JSON.readTree(((TextMessage) m).getText()));
                    complete.add(m.getBooleanProperty("vonageConcatComplete"));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                drain.run();
                return arrived.size() >= expected.size();
            });
            // Nothing more comes: a set joined twice would arrive right after the first.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                drain.run();
                return arrived.size() == expected.size();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(arrived.size() + " joined events of " + expected.size() + "; logs:\n" + a.log() + "\n"
                    + b.log(), e);
        }
        Map<String, String> joined = new HashMap<>();
        for (JsonNode event : arrived) {
            assertEquals(null, joined.put(event.get("concat-ref").asText(), event.get("text").asText()),
                    "joined twice: " + event.get("concat-ref").asText());
        }
        assertEquals(expected, joined);
        assertTrue(complete.stream().allMatch(c -> c), "every event complete: " + complete);
    }

    /** The signed parts of SMS long SMS, 2 to 4 parts each, shuffled; expected gets each one's concat-ref and text. */
    private static List<Map<String, String>> longSms(Random random, Map<String, String> expected) throws Exception {
        List<Map<String, String>> parts = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < SMS; i++) {
            String ref = run + i;
            int total = 2 + random.nextInt(3);
            StringBuilder text = new StringBuilder();
            for (int p = 1; p <= total; p++) {
                String partText = "sms " + i + " part " + p + " of " + total + ". ";
                text.append(partText);
                LinkedHashMap<String, String> part = LongSmsParts.part("4477009" + String.format("%05d", i),
                        "M" + ref + "P" + p, ref, p, total, partText);
                parts.add(SmsTestSigning.signed("md5hash", part));
            }
            expected.put(ref, text.toString());
        }
        Collections.shuffle(parts, random);
        return parts;
    }

    /** A bridge process on the bus, with its own data directory and ports, restartable on the same directory. */
    final class Bridge implements AutoCloseable {
        final StandaloneArtemis bus;
        final Path dir;
        final int httpPort;
        final int managementPort;
        Process process;

        Bridge(StandaloneArtemis bus, Path dir) throws Exception {
            this.bus = bus;
            this.dir = Files.createDirectories(dir);
            this.httpPort = FreePorts.next();
            this.managementPort = FreePorts.next();
        }

        Bridge start() throws Exception {
            if (process != null) {
                Files.move(dir.resolve("bridge.log"), dir.resolve("bridge-before-kill.log"));
            }
            process = BridgeProcess.start(dir, httpPort, managementPort, Map.of(
                    "BRIDGE_BUS_URL", bus.url(),
                    "BRIDGE_BUS_USER", bus.user,
                    "BRIDGE_BUS_PASSWORD", bus.password,
                    "BRIDGE_BUS_RETRY_INTERVAL_MS", "200",
                    "BRIDGE_BUS_MAX_RETRY_INTERVAL_MS", "1000",
                    "BRIDGE_TARGET_INBOUND", "jms:queue:" + TARGET));
            Process started = process;
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
                if (!started.isAlive()) {
                    throw new AssertionError("the bridge exited: " + log());
                }
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/observe/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
            return this;
        }

        void post(Map<String, String> params) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/webhooks/inbound-sms"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(SmsTestSigning.encode(params, false))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        String log() {
            try {
                return Files.readString(dir.resolve("bridge.log"));
            } catch (Exception e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
