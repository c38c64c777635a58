package io.webhookbridge.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeProcess;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.FreePorts;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.tools.SampleSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 during a replay loses nothing and duplicates nothing: every event is afterwards either still a dead letter
 * or on its delivery queue, never both, and a second replay after the restart moves the rest. The target is paused
 * while the replay runs, so what is checked is the replay's own transaction, not the delivery's (an HTTP delivery cut
 * between the target's answer and the commit is delivered again, by design, with the same bridgeEventId).
 */
class ReplayCrashTest {

    private static final int EVENTS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aReplayKilledMidwayLosesAndDuplicatesNothing() throws Exception {
        try (TargetServer http = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = http.url("/hook");
            TargetUri target = new TargetUri(hook);
            int httpPort = FreePorts.next();
            int managementPort = FreePorts.next();
            Process bridge = start(hook, httpPort, managementPort);
            List<String> bodies = new ArrayList<>();
            long replayedBeforeKill;
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                AdminCalls admin = new AdminCalls("http://127.0.0.1:" + managementPort, BridgeRunner.MANAGEMENT_TOKEN);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                for (int i = 0; i < EVENTS; i++) {
                    String body = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + httpPort + "/webhooks/inbound-message"))
                            .header("Authorization", "Bearer " + SampleSender.sign(BridgeRunner.SECRET, bytes, "a1b2c3d4"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), answer.body());
                    bodies.add(body);
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> admin.ok("dlq", "count").path("total").asLong() == EVENTS);

                admin.ok("targets", "pause", target.id());
                http.failFirst("/hook", 0);
                String job = admin.ok("dlq", "replay").path("id").asText();
                // Polled without pause on one connection, and killed at once, so that the kill follows the first moves
                // closely: the replay, one entry per journal transaction, is then still far from done.
                HttpRequest jobState = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/admin/jobs/" + job))
                        .header("Authorization", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN).build();
                AtomicLong replayed = new AtomicLong();
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).until(() -> {
                    JsonNode state = JSON.readTree(client.send(jobState, HttpResponse.BodyHandlers.ofString()).body());
                    replayed.set(state.path("replayed").asLong());
                    return replayed.get() > 0 || !"running".equals(state.path("state").asText())
                            && !"queued".equals(state.path("state").asText());
                });
                bridge.destroyForcibly();
                bridge.waitFor();
                replayedBeforeKill = replayed.get();
            } finally {
                bridge.destroyForcibly();
            }

            try (BridgeRunner restarted = new BridgeRunner(work).property("bridge.target.inbound", hook).start()) {
                AdminCalls admin = AdminCalls.of(restarted.context());
                JsonNode row = admin.target(target);
                assertTrue(row.path("paused").asBoolean(), "the pause survives kill -9: " + row);
                long dead = admin.ok("dlq", "count").path("total").asLong();
                long waiting = row.path("waiting").asLong();
                // Both sides non-empty: the kill landed mid-replay (else this test would prove nothing about it).
                assertTrue(dead > 0 && waiting > 0, "the kill did not land mid-replay: dead " + dead + ", waiting " + waiting);
                assertEquals(EVENTS, dead + waiting, "dead " + dead + " + waiting " + waiting);
                assertTrue(waiting >= replayedBeforeKill, waiting + " < " + replayedBeforeKill);

                JsonNode rest = admin.ok("dlq", "replay", "--wait");
                assertEquals(dead, rest.path("replayed").asLong(), rest.toString());
                assertEquals(0, admin.ok("dlq", "count").path("total").asLong());
                assertEquals(EVENTS, admin.target(target).path("waiting").asLong());

                admin.ok("targets", "resume", target.id());
                await().atMost(Duration.ofSeconds(60)).until(() -> http.accepted("/hook").size() >= EVENTS);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> admin.target(target).path("waiting").asLong() == 0);
                assertEquals(bodies.stream().sorted().toList(),
                        http.accepted("/hook").stream().map(TargetServer.Received::body).sorted().toList());
            }
        }
    }

    private Process start(String hook, int httpPort, int managementPort) throws Exception {
        // Parked at the first failure, and a replay one entry per step (one journal transaction each, 300 in all), so
        // the kill lands while it runs.
        return BridgeProcess.start(work, httpPort, managementPort, Map.of("BRIDGE_MANAGEMENT_TOKEN",
                BridgeRunner.MANAGEMENT_TOKEN, "BRIDGE_TARGET_INBOUND", hook, "BRIDGE_DELIVERY_MAX_REDELIVERIES", "0",
                "BRIDGE_ADMIN_REPLAY_BATCH", "1"));
    }
}
