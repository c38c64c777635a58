package io.webhookbridge.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A paused target: its events are accepted and wait on disk (the waiting count and meter show them) while it receives
 * nothing; the pause survives a restart; once resumed, each event is delivered once.
 */
class PausedTargetTest {

    private static final int EVENTS = 6;

    @TempDir
    Path work;

    @Test
    void aPausedTargetGetsNothingUntilResumedEvenAcrossARestart() throws Exception {
        try (TargetServer http = new TargetServer()) {
            String hook = http.url("/hook");
            TargetUri target = new TargetUri(hook);
            List<String> bodies = new ArrayList<>();
            List<String> uuids = new ArrayList<>();
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook).start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                JsonNode paused = admin.ok("targets", "pause", target.id());
                assertTrue(paused.path("paused").asBoolean(), paused.toString());
                for (int i = 0; i < EVENTS; i++) {
                    String uuid = UUID.randomUUID().toString();
                    String body = Samples.withUuid("inbound-sms", uuid);
                    uuids.add(uuid);
                    bodies.add(body);
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
                }
                MeterRegistry registry = bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> waiting(admin, target) == EVENTS);
                assertEquals(EVENTS, registry.get("bridge.target.waiting").tag("target", target.masked()).gauge().value());
                assertEquals(1, registry.get("bridge.target.paused").tag("target", target.masked()).gauge().value());
                // The events wait, so their age grows past a second (0 would mean the gauge does not see them).
                await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("bridge.target.oldest.waiting.seconds")
                        .tag("target", target.masked()).gauge().value() >= 1);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> http.accepted("/hook").isEmpty());
                JsonNode where = admin.ok("where", uuids.get(0));
                assertEquals(false, where.path("deadLettered").asBoolean(), where.toString());
                assertEquals(target.masked(), where.path("queues").path(0).path("for").asText(), where.toString());
                assertEquals(1, where.path("queues").size(), where.toString());
            }

            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook).start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                JsonNode row = admin.target(target);
                assertTrue(row.path("paused").asBoolean(), row.toString());
                assertEquals(EVENTS, row.path("waiting").asLong(), row.toString());
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> http.accepted("/hook").isEmpty());

                assertEquals(false, admin.ok("targets", "resume", target.id()).path("paused").asBoolean());
                await().atMost(Duration.ofSeconds(30)).until(() -> http.accepted("/hook").size() >= EVENTS);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> waiting(admin, target) == 0);
                assertEquals(bodies.stream().sorted().toList(),
                        http.accepted("/hook").stream().map(TargetServer.Received::body).sorted().toList());
                assertEquals(1, admin.run("targets", "pause", "no-such-target").exit());
            }
        }
    }

    private static long waiting(AdminCalls admin, TargetUri target) {
        return admin.target(target).path("waiting").asLong();
    }
}
