package io.webhookbridge.dispatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery routes made from the one template: each reads its queue in one local transaction, and the target's
 * kind decides what the event carries (JMS: classification, event id, dedupe key; HTTP: classification and event id).
 */
class DeliveryRoutesTest {

    @TempDir
    Path work;

    @Test
    void eachKindOfTargetGetsTheEventWithItsOwnHeadersThroughATransactedReader() throws Exception {
        try (TargetServer http = new TargetServer()) {
            String jms = "jms:queue:d.inbound?deliveryMode=2";
            String hook = http.url("/hook");
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", jms + "," + hook)
                    .property("bridge.dispatch.concurrent-consumers", "3").property("bridge.delivery.concurrent-consumers", "2")
                    .start()) {
                assertTransactedReader(bridge.context().getRoute("dispatch-staged-events"), "bridge.staging", 3);
                for (String target : new String[] {jms, hook}) {
                    String id = new TargetUri(target).id();
                    assertTransactedReader(bridge.context().getRoute("deliver-" + id), "bridge.deliver." + id, 2);
                }

                String uuid = UUID.randomUUID().toString();
                String body = Samples.withUuid("inbound-sms", uuid);
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());

                List<Message> received = Collections.synchronizedList(new ArrayList<>());
                await().atMost(Duration.ofSeconds(20)).until(() -> received.addAll(Queues.drain("d.inbound")) || !received.isEmpty());
                assertEquals(1, received.size());
                Message message = received.get(0);
                assertEquals(body, ((TextMessage) message).getText());
                assertEquals("inbound-message", message.getStringProperty("vonageKind"));
                assertEquals("inbound-message-" + uuid, message.getStringProperty("bridgeEventId"));
                assertNotNull(message.getStringProperty("bridgeDedupeKey"));
                assertNull(message.getStringProperty("bridgeTarget"));
                assertNull(message.getStringProperty("bridgeTargets"));

                await().atMost(Duration.ofSeconds(20)).until(() -> http.accepted("/hook").size() == 1);
                TargetServer.Received request = http.accepted("/hook").get(0);
                assertEquals(body, request.body());
                assertEquals("inbound-message", request.headers().get("Vonagekind").get(0));
                assertEquals("inbound-message-" + uuid, request.headers().get("Bridgeeventid").get(0));
                for (String name : request.headers().keySet()) {
                    assertFalse(name.equalsIgnoreCase("bridgeDedupeKey") || name.equalsIgnoreCase("_AMQ_DUPL_ID")
                            || name.toLowerCase().startsWith("jms") || name.equalsIgnoreCase("bridgeTarget"), name);
                }
            }
        }
    }

    private static void assertTransactedReader(Route route, String queue, int consumers) {
        assertNotNull(route);
        JmsEndpoint endpoint = (JmsEndpoint) route.getEndpoint();
        assertEquals(queue, endpoint.getDestinationName());
        assertTrue(endpoint.isTransacted());
        assertFalse(endpoint.getConfiguration().isLazyCreateTransactionManager());
        assertEquals("CACHE_CONSUMER", endpoint.getConfiguration().getCacheLevelName());
        assertEquals(consumers, endpoint.getConcurrentConsumers());
    }
}
