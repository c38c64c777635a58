package io.webhookbridge;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.webhookbridge.tools.SampleSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * /observe/metrics on the management port of the real bridge: behind the management token, counting every webhook by
 * endpoint and outcome exactly, with the JVM's, the broker's and the disk's meters, and a scrape Prometheus's own
 * linter ({@code promtool check metrics}) accepts.
 */
class MetricsTest {

    private static final String INBOUND = "/webhooks/inbound-message";
    private static final String STATUS = "/webhooks/message-status";

    @TempDir
    static Path work;
    static BridgeRunner bridge;

    @BeforeAll
    static void start() throws Exception {
        bridge = new BridgeRunner(work).property("bridge.http.max-body-bytes", "4096").start();
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    static PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = bridge.management("/observe/metrics", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return new PrometheusScrape(response.body());
    }

    @Test
    void theScrapeNeedsTheManagementToken() throws Exception {
        assertEquals(401, bridge.management("/observe/metrics", null).statusCode());
        assertEquals(401, bridge.management("/observe/metrics", "Bearer not-the-token").statusCode());
    }

    @Test
    void webhooksAreCountedByEndpointAndOutcomeExactly() throws Exception {
        PrometheusScrape before = scrape();
        String first = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString());
        for (String body : new String[] {first, Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString()),
                Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString())}) {
            assertEquals("{\"status\":\"accepted\"}", bridge.postSigned(INBOUND, body).body());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals("{\"status\":\"duplicate\"}", bridge.postSigned(INBOUND, first).body());
        }
        assertEquals(200, bridge.postSigned(STATUS, Samples.withUuid("status-whatsapp-delivered",
                UUID.randomUUID().toString())).statusCode());
        byte[] forged = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
        String wrongSecret = JWT.create().withIssuedAt(Instant.now()).withIssuer("Vonage")
                .withClaim("payload_hash", MessagesHash.of(forged)).withClaim("api_key", "a1b2c3d4")
                .sign(Algorithm.HMAC256("not-the-secret"));
        for (int i = 0; i < 2; i++) {
            assertEquals(401, bridge.post(INBOUND, forged, "Bearer " + wrongSecret).statusCode());
        }
        assertEquals(503, bridge.post(INBOUND, forged, null).statusCode());
        assertEquals(400, bridge.postSigned(INBOUND, "{}").statusCode());
        byte[] big = ("{\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(413, bridge.post(INBOUND, big, "Bearer " + SampleSender.sign(BridgeRunner.SECRET, big, "a1b2c3d4"))
                .statusCode());
        assertEquals(404, bridge.post("/webhooks/not-a-webhook", new byte[0], null).statusCode());
        PrometheusScrape after = scrape();

        String webhooks = "bridge_webhooks_total";
        assertEquals(3, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "accepted"));
        assertEquals(2, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "duplicate"));
        assertEquals(2, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "invalid_signature"));
        assertEquals(1, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "unsigned"));
        assertEquals(1, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "invalid_payload"));
        assertEquals(1, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "too_large"));
        assertEquals(1, delta(before, after, webhooks, "endpoint", "message-status", "outcome", "accepted"));
        assertEquals(1, delta(before, after, webhooks, "endpoint", "other", "outcome", "invalid_request"));
        assertEquals(0, delta(before, after, webhooks, "endpoint", "inbound-message", "outcome", "not_stored"));
        // Stored: new events only, by Vonage's own words.
        assertEquals(3, delta(before, after, "bridge_events_stored_total", "kind", "inbound-message",
                "channel", "whatsapp", "status", "none"));
        assertEquals(1, delta(before, after, "bridge_events_stored_total", "kind", "message-status",
                "channel", "whatsapp", "status", "delivered"));
        // Every request that reached its route was acknowledged with a latency (not the 413, refused on its headers).
        assertEquals(9, delta(before, after, "bridge_ack_latency_seconds_count", "endpoint", "inbound-message"));
        assertEquals(9, delta(before, after, "bridge_ack_latency_seconds_bucket", "endpoint", "inbound-message",
                "le", "+Inf"));
    }

    @Test
    void theScrapeHasTheJvmBrokerAndDiskMetersAndPassesPromtool() throws Exception {
        assertEquals(200, bridge.postSigned(INBOUND, Samples.withUuid("inbound-sms", UUID.randomUUID().toString()))
                .statusCode());
        PrometheusScrape scrape = scrape();
        for (String name : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "artemis_messages", "artemis_disk_store_usage", "bridge_ack_latency_seconds_bucket"}) {
            assertTrue(scrape.has(name), name + " missing from the scrape:\n" + scrape.text());
        }
        double disk = scrape.value("bridge_data_disk_used_ratio");
        assertTrue(disk > 0 && disk < 1, "disk used ratio " + disk);
        // No bus configured: no bus meters rather than a bus that looks down.
        assertTrue(!scrape.has("bridge_bus_connected"));

        Path promtool = onPath("promtool");
        if (promtool == null) {
            fail("promtool is not installed: it comes with Debian's prometheus package (apt-get install -y prometheus),"
                    + " which .ci/run installs");
        }
        Path scrapeFile = work.resolve("scrape.txt");
        Files.writeString(scrapeFile, scrape.text());
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(scrapeFile.toFile())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + output);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
