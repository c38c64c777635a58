package io.webhookbridge.bus;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the core bridge hands the bus: the event's dedupe key as the bridge duplicate id and as _AMQ_DUPL_ID. */
class DedupeKeyAsBridgeDuplicateIdTest {

    private final DedupeKeyAsBridgeDuplicateId transformer = new DedupeKeyAsBridgeDuplicateId();

    @Test
    void aTargetCopyGetsItsDedupeKeyAsBothDuplicateIds() {
        CoreMessage copy = new CoreMessage(1, 512);
        copy.putStringProperty("bridgeDedupeKey", "message-status:abc:delivered");

        Message out = transformer.transform(copy);

        assertEquals("message-status:abc:delivered", out.getDuplicateProperty().toString());
        assertArrayEquals(SimpleString.of("message-status:abc:delivered").getData(),
                (byte[]) out.getObjectProperty(Message.HDR_BRIDGE_DUPLICATE_ID));
    }

    @Test
    void aMessageStagedWithOnlyAnAmqDuplicateIdKeepsItAndGetsTheSameBridgeId() {
        // A reassembled long SMS carries only the duplicate-detection id: the same bytes on every bridge.
        CoreMessage queued = new CoreMessage(2, 512);
        queued.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of("inbound-message:xyz"));

        Message out = transformer.transform(queued);

        assertEquals("inbound-message:xyz", out.getDuplicateProperty().toString());
        assertArrayEquals(SimpleString.of("inbound-message:xyz").getData(),
                (byte[]) out.getObjectProperty(Message.HDR_BRIDGE_DUPLICATE_ID));
    }

    @Test
    void aMessageWithoutADedupeKeyPassesUnchanged() {
        CoreMessage plain = new CoreMessage(3, 512);
        plain.putStringProperty("vonageKind", "inbound-message");

        Message out = transformer.transform(plain);

        assertNull(out.getDuplicateProperty());
        assertNull(out.getObjectProperty(Message.HDR_BRIDGE_DUPLICATE_ID));
        assertEquals("inbound-message", out.getStringProperty("vonageKind"));
    }
}
