package io.webhookbridge.dispatch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which targets the broker fills directly, the ids its diverts match on, and how each kind is delivered. */
class TargetUriTest {

    @Test
    void plainJmsQueuesAreFilledByTheBrokerAnythingElseGoesThroughADeliveryRoute() {
        assertEquals("vonage.inbound", new TargetUri("jms:queue:vonage.inbound").plainJmsQueue());
        assertEquals("vonage.inbound", new TargetUri("jms:vonage.inbound").plainJmsQueue());
        assertEquals("orders_in-1", new TargetUri("jms://queue:orders_in-1").plainJmsQueue());
        // Options are Camel's to apply, a topic is not a queue: those keep their delivery route.
        assertNull(new TargetUri("jms:queue:vonage.inbound?deliveryMode=1").plainJmsQueue());
        assertNull(new TargetUri("jms:topic:vonage.events").plainJmsQueue());
        assertNull(new TargetUri("file:/var/spool/vonage").plainJmsQueue());
        assertNull(new TargetUri("http://example.com/jms:queue:x").plainJmsQueue());
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
        String id = new TargetUri("jms:queue:vonage.inbound").id();
        assertEquals(id, new TargetUri("jms:queue:vonage.inbound").id());
        assertTrue(id.matches("[A-Za-z0-9._-]+"), id);
        assertNotEquals(id, new TargetUri("jms:queue:vonage.inbound?deliveryMode=1").id());
        // Credentials never become part of a queue name.
        assertTrue(!new TargetUri("https://user:secret@example.com/hook").id().contains("secret"));
    }

    @Test
    void theKindOfATargetChoosesHowItIsDeliveredAndAnUnsupportedOneIsRefusedWithoutItsSecrets() {
        assertEquals("jms", new TargetUri("jms:queue:vonage.inbound?deliveryMode=1").kind());
        assertEquals("file", new TargetUri("FILE:/var/spool/vonage").kind());
        assertEquals("http", new TargetUri("https://example.com/hook").kind());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TargetUri("ftp://user:secret@example.com/in").kind());
        assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
    }

    @Test
    void fileTargetsWriteThroughATemporaryNameUnlessTheUriChoosesOne() {
        assertEquals("file:/spool?tempPrefix=.inprogress-", new TargetUri("file:/spool").endpointUri());
        assertEquals("file:/spool?fileExist=Fail&tempPrefix=.inprogress-", new TargetUri("file:/spool?fileExist=Fail").endpointUri());
        assertEquals("file:/spool?tempFileName=x", new TargetUri("file:/spool?tempFileName=x").endpointUri());
        assertEquals("https://example.com/hook", new TargetUri("https://example.com/hook").endpointUri());
    }
}
