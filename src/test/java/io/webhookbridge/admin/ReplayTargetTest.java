package io.webhookbridge.admin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay goes to the very target whose delivery failed, and what it delivers is the event, not the dead letter: two
 * targets that differ only in a secret (so share their masked URI) each get back exactly their own events, and a
 * replayed event reaches a JMS target without the dead letter's failure properties or its duplicate id.
 */
class ReplayTargetTest {

    private static final int EACH = 2;

    @TempDir
    Path work;

    @Test
    void targetsThatDifferOnlyInASecretEachGetBackTheirOwnDeadLetters() throws Exception {
        try (TargetServer http = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String inbound = http.url("/hook") + "?password=first1";
            String status = http.url("/hook") + "?password=second2";
            TargetUri first = new TargetUri(inbound);
            TargetUri second = new TargetUri(status);
            // The case at hand: one masked name, two targets.
            assertEquals(first.masked(), second.masked());
            assertNotEquals(first.id(), second.id());
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", inbound)
                    .property("bridge.target.status", status).property("bridge.delivery.max-redeliveries", "0").start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                List<String> inboundBodies = new ArrayList<>();
                List<String> statusBodies = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    String in = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
                    String st = Samples.withUuid("status-whatsapp-delivered", UUID.randomUUID().toString());
                    inboundBodies.add(in);
                    statusBodies.add(st);
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", in).statusCode());
                    assertEquals(200, bridge.postSigned("/webhooks/message-status", st).statusCode());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.ok("dlq", "count").path("total").asLong() == 2 * EACH);

                // The id selects one target's entries, the shared name both.
                assertEquals(EACH, admin.ok("dlq", "count", "--target", first.id()).path("total").asLong());
                assertEquals(EACH, admin.ok("dlq", "count", "--target", second.id()).path("total").asLong());
                assertEquals(2 * EACH, admin.ok("dlq", "count", "--target", first.masked()).path("total").asLong());
                JsonNode entry = admin.ok("dlq", "list", "--target", second.id()).path("entries").path(0);
                assertEquals(second.id(), entry.path("targetId").asText(), entry.toString());
                assertEquals(second.masked(), entry.path("target").asText(), entry.toString());

                http.failFirst("/hook", 0);
                JsonNode job = admin.ok("dlq", "replay", "--wait");
                assertEquals(2 * EACH, job.path("replayed").asLong(), job.toString());
                assertEquals(0, job.path("notReplayable").asLong(), job.toString());
                await().atMost(Duration.ofSeconds(30)).until(() -> http.accepted("/hook").size() >= 2 * EACH);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> http.accepted("/hook").size() == 2 * EACH);
                List<String> toFirst = new ArrayList<>();
                List<String> toSecond = new ArrayList<>();
                for (TargetServer.Received received : http.accepted("/hook")) {
                    assertNotNull(received.query(), "each target's URI carries its own query");
                    (received.query().contains("first1") ? toFirst : toSecond).add(received.body());
                }
                // Compared by message_uuid, so that a failure prints no payload (the samples hold phone numbers).
                assertEquals(uuids(inboundBodies), uuids(toFirst));
                assertEquals(uuids(statusBodies), uuids(toSecond));
            }
        }
    }

    @Test
    void aReplayedEventReachesAJmsTargetWithoutTheDeadLettersProperties() throws Exception {
        String queue = "replayed.out";
        TargetUri target = new TargetUri("jms:queue:" + queue + "?timeToLive=600000");
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.uri()).start()) {
            AdminCalls admin = AdminCalls.of(bridge.context());
            // Dead letters exactly as park-failed-delivery leaves them (a JMS target on the embedded broker does not
            // fail on demand), with the properties that must not travel on.
            List<String> bodies = new ArrayList<>();
            try (ActiveMQConnectionFactory factory = bridge.broker().inVmConnectionFactory();
                    Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("bridge.dlq"));
                for (int i = 0; i < EACH; i++) {
                    String uuid = UUID.randomUUID().toString();
                    String body = Samples.withUuid("inbound-sms", uuid);
                    bodies.add(body);
                    TextMessage message = session.createTextMessage(body);
                    message.setStringProperty("bridgeEventId", "inbound-message-" + uuid);
                    message.setStringProperty("vonageKind", "inbound-message");
                    message.setStringProperty("bridgeTarget", target.masked());
                    message.setStringProperty("bridgeTargetId", target.id());
                    message.setStringProperty("bridgeFailedStage", "delivery");
                    message.setStringProperty("bridgeFailureReason", "AMQ229017: queue not found");
                    message.setStringProperty("_AMQ_DUPL_ID", "inbound-message-" + uuid + "|" + target.id() + "|ID:" + uuid);
                    producer.send(message);
                }
            }
            assertEquals(EACH, admin.ok("dlq", "count", "--target", target.id()).path("total").asLong());

            JsonNode job = admin.ok("dlq", "replay", "--wait");
            assertEquals(EACH, job.path("replayed").asLong(), job.toString());

            List<Message> received = new ArrayList<>();
            try (ActiveMQConnectionFactory factory = bridge.broker().inVmConnectionFactory();
                    Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Message message = consumer.receive(100);
                    if (message != null) {
                        received.add(message);
                    }
                    return received.size() >= EACH;
                });
                assertEquals(null, consumer.receive(500), "each event once");
            }
            List<String> delivered = new ArrayList<>();
            for (Message message : received) {
                delivered.add(((TextMessage) message).getText());
                assertNotNull(message.getStringProperty("bridgeEventId"), "the event's own properties travel");
                for (String name : propertyNames(message)) {
                    assertFalse(name.startsWith("bridgeFailure") || name.equals("bridgeFailedStage")
                            || name.startsWith("bridgeTarget"), "dead-letter property " + name + " reached the target");
                }
                Object value = message.getObjectProperty("_AMQ_DUPL_ID");
                String duplicateId = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
                // The dead-letter form is eventId|targetId|JMSMessageID.
                assertTrue(value == null || !duplicateId.contains("|"),
                        "the dead letter's duplicate id reached the target: " + duplicateId);
            }
            assertEquals(uuids(bodies), uuids(delivered));
        }
    }

    private static List<String> uuids(List<String> bodies) {
        return bodies.stream().map(b -> b.replaceAll("(?s).*?\"message_uuid\":\"([^\"]+)\".*", "$1")).sorted().toList();
    }

    private static Set<String> propertyNames(Message message) throws Exception {
        Set<String> names = new TreeSet<>();
        Enumeration<?> e = message.getPropertyNames();
        while (e.hasMoreElements()) {
            names.add(String.valueOf(e.nextElement()));
        }
        return names;
    }
}
