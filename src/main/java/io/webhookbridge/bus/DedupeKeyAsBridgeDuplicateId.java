package io.webhookbridge.bus;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

/**
 * Core-bridge transformer: makes the bus check the event's dedupe key ({@code _AMQ_DUPL_ID}) atomically.
 * <p>
 * A receiving broker checks a plain {@code _AMQ_DUPL_ID} with "contains, then add", which is not atomic: two copies of
 * one event arriving at the same moment from two bridge instances (both draining a backlog after an outage) can both
 * be stored. A message that carries the bridge duplicate id ({@code _AMQ_BRIDGE_DUP}) is instead checked and recorded
 * in one atomic step. The core bridge's own duplicate detection would fill that id from the local node id and
 * message id, different on every instance; this transformer fills it with the event's dedupe key, the same on
 * every instance. Messages without a dedupe key pass unchanged.
 */
public final class DedupeKeyAsBridgeDuplicateId implements Transformer {

    @Override
    public Message transform(Message message) {
        byte[] dedupeKey = message.getDuplicateIDBytes();
        if (dedupeKey != null) {
            message.putExtraBytesProperty(Message.HDR_BRIDGE_DUPLICATE_ID, dedupeKey);
            message.messageChanged();
        }
        return message;
    }
}
