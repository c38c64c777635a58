package io.webhookbridge.bus;

import io.webhookbridge.event.EventHeaders;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

/**
 * Core-bridge transformer: makes the bus check the event's dedupe key atomically.
 * <p>
 * A receiving broker checks a plain {@code _AMQ_DUPL_ID} with "contains, then add", which is not atomic: two copies of
 * one event arriving at the same moment from two bridge instances (both draining a backlog after an outage) can both
 * be stored. A message that carries the bridge duplicate id ({@code _AMQ_BRIDGE_DUP}) is instead checked and recorded
 * in one atomic step. The core bridge's own duplicate detection would fill that id from the local node id and
 * message id, different on every instance; this transformer fills it with the event's dedupe key
 * ({@code bridgeDedupeKey}, or {@code _AMQ_DUPL_ID} on a message that has it), the same on every instance, and also
 * sets {@code _AMQ_DUPL_ID} for the bus's consumers. Messages without a dedupe key pass unchanged.
 */
public final class DedupeKeyAsBridgeDuplicateId implements Transformer {

    private static final SimpleString DEDUPE_KEY = SimpleString.of(EventHeaders.DEDUPE_KEY);

    @Override
    public Message transform(Message message) {
        Object property = message.getObjectProperty(DEDUPE_KEY);
        SimpleString key = property == null ? null : SimpleString.of(property.toString());
        // The same bytes as a String _AMQ_DUPL_ID of that key, so every instance agrees on the id.
        byte[] id = key != null ? key.getData() : message.getDuplicateIDBytes();
        if (id == null) {
            return message;
        }
        message.putExtraBytesProperty(Message.HDR_BRIDGE_DUPLICATE_ID, id);
        if (message.getDuplicateProperty() == null) {
            message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, key);
        }
        message.messageChanged();
        return message;
    }
}
