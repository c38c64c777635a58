package io.webhookbridge.admin;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTP target that fails until told otherwise: its events are dead-lettered with the reason, listed and counted by
 * filter; a replay while it still fails parks them again after a full set of retries; once it recovers, a replay
 * delivers each exactly once and a second replay finds nothing.
 */
class DeadLetterReplayTest {

    private static final int EVENTS = 5;
    /** BridgeRunner's bridge.delivery.max-redeliveries is 3: four attempts before an event is parked. */
    private static final int ATTEMPTS = 4;

    @TempDir
    Path work;

    @Test
    void deadLettersAreListedByFilterAndReplayedToTheirTargetOnce() throws Exception {
        try (TargetServer http = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = http.url("/hook");
            String targetId = new TargetUri(hook).id();
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook).start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                Map<String, String> bodies = new TreeMap<>();
                for (int i = 0; i < EVENTS; i++) {
                    String uuid = UUID.randomUUID().toString();
                    String body = Samples.withUuid("inbound-sms", uuid);
                    bodies.put(uuid, body);
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.ok("dlq", "count").path("total").asLong() == EVENTS);

                MeterRegistry registry = bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
                assertEquals(EVENTS, registry.get("bridge.dead.letters").gauge().value());
                assertTrue(registry.get("bridge.dead.letters.oldest.seconds").gauge().value() >= 0);
                JsonNode count = admin.ok("dlq", "count", "--target", targetId);
                assertEquals(EVENTS, count.path("total").asLong());
                JsonNode reasons = count.path("byTarget").path(new TargetUri(hook).masked());
                assertEquals(1, reasons.size(), count.toString());
                assertTrue(reasons.fieldNames().next().contains("500"), count.toString());
                assertEquals(EVENTS, admin.ok("dlq", "list", "--kind", "inbound-message", "--reason", "statusCode: 500",
                        "--stage", "delivery").path("entries").size());
                assertEquals(0, admin.ok("dlq", "list", "--kind", "message-status").path("entries").size());
                assertEquals(0, admin.ok("dlq", "list", "--since", "2999-01-01T00:00:00Z").path("entries").size());

                // Pages of two, by cursor: every entry once.
                List<JsonNode> entries = new ArrayList<>();
                String cursor = null;
                do {
                    JsonNode page = cursor == null ? admin.ok("dlq", "list", "--limit", "2")
                            : admin.ok("dlq", "list", "--limit", "2", "--cursor", cursor);
                    page.path("entries").forEach(entries::add);
                    cursor = page.path("next").isNull() ? null : page.path("next").asText();
                } while (cursor != null);
                Set<String> listed = new HashSet<>();
                entries.forEach(e -> listed.add(e.path("messageUuid").asText()));
                assertEquals(bodies.keySet(), listed);
                assertEquals(EVENTS, entries.size());
                JsonNode first = entries.get(0);
                assertEquals("inbound-message-" + first.path("messageUuid").asText(), first.path("eventId").asText());
                JsonNode shown = admin.ok("dlq", "show", first.path("id").asText());
                assertEquals(bodies.get(first.path("messageUuid").asText()), shown.path("body").asText());
                assertEquals(1, admin.run("dlq", "show", UUID.randomUUID().toString()).exit());

                // where: dead-lettered, and on no delivery queue.
                JsonNode where = admin.ok("where", first.path("messageUuid").asText());
                assertTrue(where.path("deadLettered").asBoolean(), where.toString());

                // Still failing: the replayed events get every retry again, then are parked again.
                JsonNode failing = admin.ok("dlq", "replay", "--target", targetId, "--wait");
                assertEquals("done", failing.path("state").asText(), failing.toString());
                assertEquals(EVENTS, failing.path("replayed").asLong(), failing.toString());
                await().atMost(Duration.ofSeconds(60)).until(() -> bodies.values().stream()
                        .allMatch(b -> http.attempts("/hook", b) == 2 * ATTEMPTS)
                        && admin.ok("dlq", "count").path("total").asLong() == EVENTS);

                // Recovered: one replay delivers each event once, a second finds nothing.
                http.failFirst("/hook", 0);
                JsonNode job = admin.ok("dlq", "replay", "--kind", "inbound-message", "--wait");
                assertEquals(EVENTS, job.path("replayed").asLong(), job.toString());
                assertEquals(0, job.path("notReplayable").asLong(), job.toString());
                await().atMost(Duration.ofSeconds(30)).until(() -> http.accepted("/hook").size() >= EVENTS);
                assertEquals(0, admin.ok("dlq", "count").path("total").asLong());
                JsonNode again = admin.ok("dlq", "replay", "--wait");
                assertEquals(0, again.path("matched").asLong(), again.toString());
                assertEquals(0, again.path("replayed").asLong(), again.toString());
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> http.accepted("/hook").size() == EVENTS);
                List<String> delivered = http.accepted("/hook").stream().map(TargetServer.Received::body).sorted().toList();
                assertEquals(bodies.values().stream().sorted().toList(), delivered);
                for (TargetServer.Received received : http.accepted("/hook")) {
                    assertNull(received.headers().get("Bridgefailurereason"), "the dead-letter properties stay home");
                }
                assertFalse(admin.ok("where", first.path("messageUuid").asText()).path("deadLettered").asBoolean());

                // The target's meters and its row in the list.
                String name = new TargetUri(hook).masked();
                assertEquals(EVENTS, registry.get("bridge.target.delivered").tag("target", name).counter().count());
                assertEquals(2 * EVENTS, registry.get("bridge.target.dead.lettered").tag("target", name).counter().count());
                assertEquals(2 * EVENTS * ATTEMPTS, registry.get("bridge.target.failed.attempts").tag("target", name)
                        .counter().count());
                assertEquals(EVENTS, registry.get("bridge.target.delivery.latency").tag("target", name).timer().count());
                assertEquals(0, registry.get("bridge.dead.letters").gauge().value());
                JsonNode row = admin.target(new TargetUri(hook));
                assertEquals(EVENTS, row.path("delivered").asLong());
                assertTrue(row.path("lastError").asText().contains("500"), row.toString());
                assertFalse(row.path("paused").asBoolean());
            }
        }
    }

    @Test
    void aBlankOrOutOfRangeFilterValueIsRefusedAndNeverWidensAPurge() throws Exception {
        try (TargetServer http = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = http.url("/hook");
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook)
                    .property("bridge.delivery.max-redeliveries", "0").start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                for (int i = 0; i < 2; i++) {
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                            Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.ok("dlq", "count").path("total").asLong() == 2);

                // An empty target next to a real filter: refused, and nothing purged.
                AdminCalls.Result purge = admin.run("dlq", "purge", "--target", "", "--kind", "inbound-message");
                assertEquals(1, purge.exit(), purge.output());
                assertTrue(purge.json().path("error").asText().startsWith("target"), purge.output());
                assertEquals(2, admin.ok("dlq", "count").path("total").asLong());

                String bearer = "Bearer " + BridgeRunner.MANAGEMENT_TOKEN;
                assertEquals(400, bridge.management("/admin/dead-letters/count?target=", bearer).statusCode());
                assertEquals(400, bridge.management("/admin/dead-letters/count?kind=%20", bearer).statusCode());
                // Well-formed instants beyond epoch milliseconds: the caller's mistake (400), not a failed call (500).
                for (String since : List.of("%2B1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z")) {
                    HttpResponse<String> answer = bridge.management("/admin/dead-letters?since=" + since, bearer);
                    assertEquals(400, answer.statusCode(), answer.body());
                    assertTrue(answer.body().contains("since"), answer.body());
                }
                assertEquals(2, admin.ok("dlq", "count").path("total").asLong());
            }
        }
    }

    @Test
    void filtersOnlyTakeValuesThatCannotChangeTheFilter() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start()) {
            AdminCalls admin = AdminCalls.of(bridge.context());
            for (String[] refused : List.of(new String[] {"--status", "x' OR '1'='1"}, new String[] {"--reason", "50%"},
                    new String[] {"--kind", "inbound"}, new String[] {"--target", "jms:queue:elsewhere"},
                    new String[] {"--since", "yesterday"}, new String[] {"--channel", "SMS"}, new String[] {"--colour", "red"})) {
                AdminCalls.Result result = admin.run("dlq", "list", refused[0], refused[1]);
                assertEquals(1, result.exit(), result.output());
                assertTrue(result.json().path("error").asText().contains(refused[0].substring(2)), result.output());
            }
            AdminCalls.Result purge = admin.run("dlq", "purge");
            assertEquals(1, purge.exit(), purge.output());
            assertTrue(purge.output().contains("all=true"), purge.output());
            assertEquals(0, admin.ok("dlq", "purge", "--all").path("purged").asLong());
            assertEquals(1, admin.run("where", "a'b").exit());
        }
    }
}
