package io.webhookbridge.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.tools.SampleSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calls the web console makes beyond the dead-letter ones: the overview (webhooks per minute by outcome, ack p99,
 * the last invalid signature, bus, disk, counts), the targets' rates and "failing since", the loaded routes and the
 * payload trial, on a real bridge with a real HTTP target.
 */
class ConsoleCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** BridgeRunner's bridge.delivery.max-redeliveries is 3: four attempts before an event is parked. */
    private static final int ATTEMPTS = 4;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theOverviewCountsEachOutcomeAndRemembersTheLastInvalidSignature() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start()) {
            JsonNode before = get(bridge, "/admin/overview");
            assertTrue(before.get("ackLatencyP99Ms").isNull(), before.toString());
            assertTrue(before.get("lastInvalidSignature").isNull(), before.toString());

            for (int i = 0; i < 7; i++) {
                String body = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString());
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
            }
            byte[] forged = Samples.withUuid("status-whatsapp-delivered", UUID.randomUUID().toString())
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 2; i++) {
                String token = SampleSender.sign("not-the-secret-" + i, forged, null);
                assertEquals(401, bridge.post("/webhooks/message-status", forged, "Bearer " + token).statusCode());
            }

            JsonNode overview = get(bridge, "/admin/overview");
            JsonNode minutes = overview.get("webhooksPerMinute");
            assertEquals(60, minutes.size(), overview.toString());
            long now = System.currentTimeMillis();
            long last = minutes.get(59).get("minute").asLong();
            assertTrue(last <= now && now - last < 120_000 && last % 60_000 == 0, "the current minute is last: " + last);
            for (int i = 1; i < 60; i++) {
                assertEquals(60_000, minutes.get(i).get("minute").asLong() - minutes.get(i - 1).get("minute").asLong());
            }
            // Summed over the hour, so that a minute turning during the posts does not matter.
            assertEquals(7, sum(minutes, "accepted"), minutes.toString());
            assertEquals(2, sum(minutes, "invalid_signature"), minutes.toString());
            for (String outcome : new String[] {"duplicate", "unsigned", "invalid_payload", "too_large", "overloaded",
                "not_stored"}) {
                assertEquals(0, sum(minutes, outcome), outcome);
            }
            double p99 = overview.get("ackLatencyP99Ms").asDouble();
            assertTrue(p99 > 0 && p99 < 20_000, overview.toString());

            JsonNode invalid = overview.get("lastInvalidSignature");
            assertEquals("message-status", invalid.get("endpoint").asText(), invalid.toString());
            assertEquals("signature does not match the signature secret", invalid.get("reason").asText());
            assertTrue(Math.abs(System.currentTimeMillis() - invalid.get("at").asLong()) < 60_000, invalid.toString());

            JsonNode bus = overview.get("bus");
            assertFalse(bus.get("configured").asBoolean());
            assertTrue(bus.get("connected").isNull() && bus.get("backlog").isNull(), bus.toString());
            JsonNode disk = overview.get("disk");
            assertEquals(90.0, disk.get("limitPercent").asDouble(), disk.toString());
            assertTrue(disk.get("usedPercent").asDouble() > 0 && disk.get("usedPercent").asDouble() <= 100, disk.toString());
            assertEquals(0, overview.get("deadLetters").asLong());
            assertEquals(get(bridge, "/admin/targets").size(), overview.get("targets").asLong(), overview.toString());
            assertEquals(0, overview.get("pausedTargets").asLong());

            String target = get(bridge, "/admin/targets").get(0).get("id").asText();
            assertEquals(200, post(bridge, "/admin/targets/" + target + "/pause", new byte[0]).statusCode());
            assertEquals(1, get(bridge, "/admin/overview").get("pausedTargets").asLong());
        }
    }

    @Test
    void aFailingTargetShowsFailingSinceAndItsRatesUntilItRecovers() throws Exception {
        try (TargetServer target = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = target.url("/hook");
            TargetUri uri = new TargetUri(hook);
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook).start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                JsonNode idle = admin.target(uri);
                assertTrue(idle.get("failingSince").isNull(), idle.toString());
                assertEquals(0, idle.get("deliveredPerMinute").asLong());
                assertEquals(0, idle.get("failedPerMinute").asLong());

                long start = System.currentTimeMillis();
                for (int i = 0; i < 3; i++) {
                    String body = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString());
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.ok("dlq", "count").path("total").asLong() == 3);
                JsonNode failing = admin.target(uri);
                long failingSince = failing.get("failingSince").asLong();
                assertTrue(failingSince >= start && failingSince <= System.currentTimeMillis(), failing.toString());
                assertEquals(3 * ATTEMPTS, failing.get("failedPerMinute").asLong(), failing.toString());
                assertEquals(0, failing.get("deliveredPerMinute").asLong(), failing.toString());

                target.failFirst("/hook", 0);
                for (int i = 0; i < 5; i++) {
                    String body = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString());
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> target.accepted("/hook").size() == 5);
                await().atMost(Duration.ofSeconds(10)).until(() -> admin.target(uri).get("deliveredPerMinute").asLong() == 5);
                JsonNode recovered = admin.target(uri);
                assertTrue(recovered.get("failingSince").isNull(), recovered.toString());
                assertEquals(3 * ATTEMPTS, recovered.get("failedPerMinute").asLong(), recovered.toString());
            }
        }
    }

    @Test
    void routesAreListedAndAPayloadIsTriedWithoutStoringOrDeliveringIt() throws Exception {
        try (TargetServer target = new TargetServer()) {
            String hook = target.url("/hook");
            String receipts = target.url("/receipts");
            TargetUri uri = new TargetUri(hook);
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook)
                    .property("bridge.target.delivery.receipt", receipts).start()) {
                JsonNode routes = get(bridge, "/admin/routes");
                JsonNode ingress = find(routes.get("routes"), "id", "ingress-inbound-message");
                assertEquals("Started", ingress.get("status").asText(), ingress.toString());
                assertTrue(ingress.get("from").asText().contains("/webhooks/inbound-message"), ingress.toString());
                assertEquals("Messages API inbound-message webhook (POST, JWT-signed)", ingress.get("description").asText());
                assertTrue(ingress.get("source").asText().contains("10-ingress.camel.yaml"), ingress.toString());
                JsonNode delivery = find(routes.get("routes"), "id", "deliver-" + uri.id());
                assertEquals("Started", delivery.get("status").asText(), delivery.toString());
                JsonNode listed = find(routes.get("targets"), "id", uri.id());
                assertEquals(uri.masked(), listed.get("name").asText());
                assertEquals("http", listed.get("kind").asText());

                // A Messages API body: classified by the real verify route, targets from the live rules.
                HttpResponse<String> tried = post(bridge, "/admin/routes/try?endpoint=inbound-message",
                        Samples.load("inbound-whatsapp-text").getBytes(StandardCharsets.UTF_8));
                assertEquals(200, tried.statusCode(), tried.body());
                JsonNode answer = JSON.readTree(tried.body());
                assertEquals("inbound-message", answer.at("/classification/vonageKind").asText(), tried.body());
                assertEquals("whatsapp", answer.at("/classification/vonageChannel").asText(), tried.body());
                assertEquals("text", answer.at("/classification/vonageMessageType").asText(), tried.body());
                assertEquals(1, answer.get("targets").size(), tried.body());
                assertEquals(uri.masked(), answer.at("/targets/0/uri").asText());
                assertEquals(uri.id(), answer.at("/targets/0/id").asText());

                // An SMS API delivery receipt as a form, unsigned: the trial signs it itself.
                HttpResponse<String> receipt = post(bridge, "/admin/routes/try?endpoint=delivery-receipt",
                        ("msisdn=447700900321&to=AcmeShop&messageId=1B000000AAAA0002&status=delivered&err-code=0"
                                + "&api-key=a1b2c3d4&message-timestamp=2025-06-02+12%3A15%3A03").getBytes(StandardCharsets.UTF_8));
                assertEquals(200, receipt.statusCode(), receipt.body());
                JsonNode receiptAnswer = JSON.readTree(receipt.body());
                assertEquals("delivery-receipt", receiptAnswer.at("/classification/vonageKind").asText(), receipt.body());
                assertEquals("delivered", receiptAnswer.at("/classification/vonageStatus").asText(), receipt.body());
                assertEquals(new TargetUri(receipts).masked(), receiptAnswer.at("/targets/0/uri").asText(), receipt.body());

                // Unreadable bodies and unknown endpoints: 400 with the reason.
                HttpResponse<String> unreadable = post(bridge, "/admin/routes/try?endpoint=inbound-message",
                        "not json".getBytes(StandardCharsets.UTF_8));
                assertEquals(400, unreadable.statusCode(), unreadable.body());
                assertFalse(JSON.readTree(unreadable.body()).get("error").asText().isBlank());
                assertEquals(400, post(bridge, "/admin/routes/try?endpoint=elsewhere", "{}".getBytes(StandardCharsets.UTF_8))
                        .statusCode());
                assertEquals(400, post(bridge, "/admin/routes/try", "{}".getBytes(StandardCharsets.UTF_8)).statusCode());

                // Nothing was stored or delivered, and no webhook was counted.
                AdminCalls admin = AdminCalls.of(bridge.context());
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                        target.accepted("/hook").isEmpty() && target.accepted("/receipts").isEmpty());
                assertEquals(0, admin.target(uri).get("waiting").asLong());
                assertEquals(0, admin.target(uri).get("delivered").asLong());
                assertEquals(0, admin.ok("dlq", "count").path("total").asLong());
                assertEquals(0, sum(get(bridge, "/admin/overview").get("webhooksPerMinute"), "accepted"));
            }
        }
    }

    @Test
    void theNewCallsRefuseAMissingOrWrongToken() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start()) {
            for (String token : new String[] {null, "wrong", BridgeRunner.MANAGEMENT_TOKEN + "x"}) {
                String authorization = token == null ? null : "Bearer " + token;
                assertEquals(401, bridge.management("/admin/overview", authorization).statusCode());
                assertEquals(401, bridge.management("/admin/routes", authorization).statusCode());
                HttpResponse<String> tried = post(bridge, "/admin/routes/try?endpoint=inbound-message",
                        Samples.load("inbound-whatsapp-text").getBytes(StandardCharsets.UTF_8), authorization);
                assertEquals(401, tried.statusCode(), tried.body());
                assertEquals("unauthorized", JSON.readTree(tried.body()).get("error").asText());
            }
        }
    }

    private static long sum(JsonNode minutes, String outcome) {
        long sum = 0;
        for (JsonNode minute : minutes) {
            sum += minute.get(outcome).asLong();
        }
        return sum;
    }

    private static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (value.equals(row.path(field).asText())) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " " + value + " in " + rows);
    }

    private static JsonNode get(BridgeRunner bridge, String path) throws Exception {
        HttpResponse<String> response = bridge.management(path, "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(BridgeRunner bridge, String path, byte[] body) throws Exception {
        return post(bridge, path, body, "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
    }

    private HttpResponse<String> post(BridgeRunner bridge, String path, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(AdminCalls.managementUrl(bridge.context()) + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
