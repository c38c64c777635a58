package io.webhookbridge.dispatch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which targets the broker fills directly, and the ids its diverts match on. */
class TargetDeliveriesTest {

    @Test
    void plainJmsQueuesAreFilledByTheBrokerAnythingElseGoesThroughADeliveryRoute() {
        assertEquals("vonage.inbound", TargetDeliveries.plainJmsQueue("jms:queue:vonage.inbound"));
        assertEquals("vonage.inbound", TargetDeliveries.plainJmsQueue("jms:vonage.inbound"));
        assertEquals("orders_in-1", TargetDeliveries.plainJmsQueue("jms://queue:orders_in-1"));
        // Options are Camel's to apply, a topic is not a queue: those keep their delivery route.
        assertNull(TargetDeliveries.plainJmsQueue("jms:queue:vonage.inbound?deliveryMode=1"));
        assertNull(TargetDeliveries.plainJmsQueue("jms:topic:vonage.events"));
        assertNull(TargetDeliveries.plainJmsQueue("file:/var/spool/vonage"));
        assertNull(TargetDeliveries.plainJmsQueue("http://example.com/jms:queue:x"));
    }

    @Test
    void aJmsUriNamesItsDestinationTypeNameAndOptions() {
        assertEquals(new JmsDestination("queue", "vonage.inbound", ""), JmsDestination.parse("jms:vonage.inbound"));
        assertEquals(new JmsDestination("queue", "orders", "?deliveryMode=1"), JmsDestination.parse("JMS://Queue:orders?deliveryMode=1"));
        assertEquals(new JmsDestination("topic", "vonage.events", ""), JmsDestination.parse("jms:topic:vonage.events"));
        assertEquals(new JmsDestination("temp-queue", "x", ""), JmsDestination.parse("jms:temp-queue:x"));
        assertEquals("", JmsDestination.parse("jms:queue:").name());
        assertNull(JmsDestination.parse("https://example.com/jms:queue:x"));
    }

    @Test
    void targetIdsAreStableSafeForADivertFilterAndDistinctPerUri() {
        String id = TargetDeliveries.slug("jms:queue:vonage.inbound");
        assertEquals(id, TargetDeliveries.slug("jms:queue:vonage.inbound"));
        assertTrue(id.matches("[A-Za-z0-9._-]+"), id);
        assertNotEquals(id, TargetDeliveries.slug("jms:queue:vonage.inbound?deliveryMode=1"));
        // Credentials never become part of a queue name.
        assertTrue(!TargetDeliveries.slug("https://user:secret@example.com/hook").contains("secret"));
    }
}
