package io.webhookbridge.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.broker.EmbeddedBroker;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With BRIDGE_BUS_URL set, jms: targets are queues on the external bus, and a consumer can select by channel. */
class BusDeliveryTest {

    @TempDir
    Path work;

    @Test
    void eventsSentWhileTheBusIsUpArriveOnItsQueuesWithTheirProperties() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start();
             BridgeRunner bridge = BusBridges.on(bus, work)
                     .property("bridge.target.inbound", "jms:queue:bus.inbound")
                     // With options, so through its delivery route to the local forwarding queue.
                     .property("bridge.target.status", "jms:queue:bus.status?deliveryMode=2")
                     .start()) {
            String whatsapp = Samples.load("inbound-whatsapp-text");
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", whatsapp).statusCode());
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.load("inbound-sms")).statusCode());
            assertEquals(200, bridge.postSigned("/webhooks/message-status", Samples.load("status-whatsapp-delivered")).statusCode());

            // All three leave the local journal before any consumer has touched the bus: the queues are made there.
            await().atMost(Duration.ofSeconds(30)).until(() -> BusBridges.forwarding(bridge).backlog() == 0
                    && local(bridge).messageCount("bridge.bus.bus.inbound") == 0);

            // A consumer of the bus that only wants WhatsApp, as in the README.
            List<Message> selected = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                selected.addAll(bus.drain("bus.inbound", "vonageChannel = 'whatsapp'"));
                return !selected.isEmpty();
            });
            assertEquals(1, selected.size());
            Message m = selected.get(0);
            assertEquals(whatsapp, ((TextMessage) m).getText());
            assertEquals("inbound-message", m.getStringProperty("vonageKind"));
            assertEquals("whatsapp", m.getStringProperty("vonageChannel"));
            assertEquals("text", m.getStringProperty("vonageMessageType"));
            assertTrue(m.getStringProperty("vonageMessageUuid") != null && !m.getStringProperty("vonageMessageUuid").isEmpty());
            assertTrue(m.getStringProperty("bridgeEventId").startsWith("inbound-message-"));
            assertTrue(m.getStringProperty("_AMQ_DUPL_ID") != null, "the dedupe key reaches the bus");

            List<Message> rest = bus.drain("bus.inbound");
            assertEquals(1, rest.size());
            assertEquals("sms", rest.get(0).getStringProperty("vonageChannel"));
            List<Message> status = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                status.addAll(bus.drain("bus.status"));
                return !status.isEmpty();
            });
            assertEquals(1, status.size());
            assertEquals("delivered", status.get(0).getStringProperty("vonageStatus"));

            // Nothing went to a queue of that name on the embedded broker, and nothing is left waiting locally.
            assertEquals(-1, local(bridge).messageCount("bus.inbound"));
            assertEquals(0, BusBridges.forwarding(bridge).backlog());
            var health = bridge.health();
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("message-bus"), health.body());
        }
    }

    private static EmbeddedBroker local(BridgeRunner bridge) {
        return bridge.context().getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class);
    }
}
