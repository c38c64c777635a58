package io.webhookbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.staging.EventStager;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What was answered 200 survives a restart; a routing rule edited while running takes effect. */
class DurabilityTest {

    @TempDir
    Path work;

    @Test
    void eventsStagedOrWaitingForATargetBeforeARestartAreDeliveredOnceAfterIt() throws Exception {
        List<String> early = new ArrayList<>();
        List<String> staged = new ArrayList<>();
        try (TargetServer http = new TargetServer().failFirst("/later", Integer.MAX_VALUE)) {
            String targets = "jms:queue:d.inbound," + http.url("/later");
            try (BridgeRunner first = new BridgeRunner(work)
                    .property("bridge.target.inbound", targets)
                    .property("bridge.delivery.max-redeliveries", "1000")
                    .property("bridge.delivery.initial-delay-ms", "200")
                    .start()) {
                // Delivered to JMS, but stuck on its delivery queue for the HTTP target, which is failing.
                for (int i = 0; i < 3; i++) {
                    String uuid = UUID.randomUUID().toString();
                    early.add(uuid);
                    assertEquals(200, first.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", uuid)).statusCode());
                }
                List<Message> jms = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    jms.addAll(Queues.drain("d.inbound"));
                    return jms.size() == 3;
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> early.stream().allMatch(u -> attemptsFor(http, u) > 0));
                // Accepted just before the restart: on the JMS target's queue and the failing HTTP target's.
                for (int i = 0; i < 3; i++) {
                    String uuid = UUID.randomUUID().toString();
                    staged.add(uuid);
                    assertEquals(200, first.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", uuid)).statusCode());
                }
            }
            assertTrue(http.accepted("/later").isEmpty());

            http.failFirst("/later", 0);
            try (BridgeRunner second = new BridgeRunner(work).property("bridge.target.inbound", targets).start()) {
                List<Message> jms = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    jms.addAll(Queues.drain("d.inbound"));
                    return jms.size() >= 3 && http.accepted("/later").size() >= 6;
                });
                assertEquals(staged.stream().sorted().toList(), uuids(jms).stream().sorted().toList());
                List<String> all = new ArrayList<>(early);
                all.addAll(staged);
                List<String> httpUuids = http.accepted("/later").stream()
                        .map(r -> r.body().replaceAll(".*?\"message_uuid\":\"([^\"]+)\".*", "$1")).sorted().toList();
                assertEquals(all.stream().sorted().toList(), httpUuids);
                // Read once every event has reached both targets: a dead-lettered copy would be parked by then.
                assertEquals(0, second.broker().messageCount("bridge.dlq"));
            }
        }
    }

    @Test
    void anAcknowledgedEventIsAlreadyOnItsTargetsQueuesWithoutTheBridgesRoutingProperties() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:a.inbound").start()) {
            // Nothing reads the staging queue: only the broker's own routing, in the write, can reach the target.
            bridge.context().getRouteController().stopRoute("dispatch-staged-events");
            EmbeddedBroker broker = bridge.broker();
            String uuid = UUID.randomUUID().toString();
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", uuid)).statusCode());
            // The broker adds a stored message to its queues asynchronously, after the write: wait for the count.
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("a.inbound") == 1);
            // Read once the target's copy is counted: the target's exclusive divert took the event in the same write.
            assertEquals(0, broker.messageCount("bridge.staging"));

            List<Message> messages = Queues.drain("a.inbound");
            assertEquals(List.of(uuid), uuids(messages));
            Message m = messages.get(0);
            assertEquals(Samples.withUuid("inbound-whatsapp-text", uuid), ((TextMessage) m).getText());
            assertEquals("whatsapp", m.getStringProperty("vonageChannel"));
            assertEquals("inbound-message-" + uuid, m.getStringProperty("bridgeEventId"));
            assertNull(m.getObjectProperty("bridgeTargets"));
            assertNull(m.getObjectProperty("bridgeTargetIds"));
            // The dedupe key travels as a property; only the staging address records it as a duplicate id.
            String dedupeKey = "inbound-message:" + uuid;
            assertEquals(dedupeKey, m.getStringProperty("bridgeDedupeKey"));
            assertNull(m.getObjectProperty("_AMQ_DUPL_ID"));
            assertTrue(broker.eventStore().isDuplicate("bridge.staging", EventStager.duplicateId(dedupeKey)));
            // The cache holds 16 hashed bytes per event, not the key (as a String id it would be its UTF-16 bytes).
            assertFalse(broker.eventStore().isDuplicate("bridge.staging", SimpleString.of(dedupeKey).getData()));
            assertFalse(broker.eventStore().isDuplicate("a.inbound", EventStager.duplicateId(dedupeKey)));
        }
    }

    @Test
    void anEventNearTheBodyLimitIsStoredAndArrivesWhole() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:l.inbound").start()) {
            // ~250 KB of JSON (BRIDGE_MAX_BODY_BYTES is 256 KiB), twice that as the text of a TextMessage: more than
            // the journal's write buffer. It must still be on disk before the 200 and arrive byte for byte.
            String uuid = UUID.randomUUID().toString();
            String sample = Samples.withUuid("inbound-whatsapp-text", uuid);
            String big = sample.substring(0, sample.length() - 1) + ",\"pad\":\"" + "x".repeat(250_000) + "\"}";
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", big).statusCode());

            List<Message> messages = Queues.drain("l.inbound");
            assertEquals(List.of(uuid), uuids(messages));
            assertEquals(big, ((TextMessage) messages.get(0)).getText());
        }
    }

    @Test
    void aRuleAddedToTheDispatchFileWhileRunningTakesEffect() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:h.inbound").start()) {
            String before = UUID.randomUUID().toString();
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-image", before)).statusCode());
            List<Message> inbound = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                inbound.addAll(Queues.drain("h.inbound"));
                return uuids(inbound).contains(before);
            });

            // The README's example: WhatsApp images to their own queue.
            Path dispatch = bridge.routesDir().resolve("40-dispatch.camel.yaml");
            String yaml = Files.readString(dispatch);
            String rule = """
                            - choice:
                                when:
                                  - simple: "${header.vonageChannel} == 'whatsapp' && ${header.vonageMessageType} == 'image'"
                                    steps:
                                      - setHeader:
                                          name: bridgeTargets
                                          constant: jms:queue:h.whatsapp.images
                    """;
            assertTrue(yaml.contains("        # Rules:"), "the dispatch file no longer has the rules marker");
            Files.writeString(dispatch, yaml.replace("        # Rules:", rule + "        # Rules:"));

            // A fresh image per probe until the reloaded rule catches one: the reload is asynchronous, and a repeated
            // uuid would be answered as a duplicate of the first probe, wherever that went.
            List<String> probes = new ArrayList<>();
            List<Message> images = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String probe = UUID.randomUUID().toString();
                probes.add(probe);
                bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-image", probe));
                images.addAll(Queues.drain("h.whatsapp.images"));
                return !images.isEmpty();
            });
            String caught = uuids(images).get(0);
            assertTrue(probes.contains(caught), caught);
            // A later event for the old queue: once it is there, a copy of the caught image sent there (in the same
            // write as the one on the new queue, before the later event was even posted) would be there too.
            String text = UUID.randomUUID().toString();
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", text)).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                inbound.addAll(Queues.drain("h.inbound"));
                return uuids(inbound).contains(text);
            });
            assertFalse(uuids(inbound).contains(caught), "the image must only go to the new queue");
        }
    }

    @Test
    void aRuleNamingAnUnsupportedTargetIsAnswered503SoVonageRetriesUntilItIsFixed() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:u.inbound").start()) {
            Path dispatch = bridge.routesDir().resolve("40-dispatch.camel.yaml");
            String yaml = Files.readString(dispatch);
            String broken = """
                            - setHeader:
                                name: bridgeTargets
                                constant: ftp://nowhere.example/inbound
                    """;
            Files.writeString(dispatch, yaml.replace("        # Rules:", broken + "        # Rules:"));
            // Probed with fresh events until the reloaded rule applies: the reload is asynchronous.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> bridge.postSigned(
                    "/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString()))
                    .statusCode() == 503);
            String uuid = UUID.randomUUID().toString();
            String body = Samples.withUuid("inbound-whatsapp-text", uuid);
            var refused = bridge.postSigned("/webhooks/inbound-message", body);
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("not_stored"), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());

            // Fixed: Vonage's next retry is accepted and delivered once.
            Files.writeString(dispatch, yaml);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> bridge.postSigned("/webhooks/inbound-message", body).statusCode() == 200);
            List<Message> inbound = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                inbound.addAll(Queues.drain("u.inbound"));
                return uuids(inbound).contains(uuid);
            });
            assertEquals(1, uuids(inbound).stream().filter(uuid::equals).count());
        }
    }

    private static int attemptsFor(TargetServer http, String uuid) {
        return http.attempts("/later", Samples.withUuid("inbound-sms", uuid));
    }

    private static List<String> uuids(List<Message> messages) {
        return messages.stream().map(m -> Queues.property(m, "vonageMessageUuid")).toList();
    }
}
