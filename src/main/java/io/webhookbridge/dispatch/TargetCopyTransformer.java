package io.webhookbridge.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.webhookbridge.event.EventHeaders;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

/**
 * Divert transformer: the copy of an event that lands in a target's queue carries the classification
 * ({@code vonage*}), {@code bridgeEventId} and the dedupe key ({@code _AMQ_DUPL_ID}), as the delivery routes'
 * copies do, and none of the bridge's routing properties ({@code bridgeTargets}, {@code bridgeTargetIds}, ...).
 */
public final class TargetCopyTransformer implements Transformer {

    @Override
    public Message transform(Message message) {
        List<SimpleString> internal = new ArrayList<>();
        for (SimpleString name : message.getPropertyNames()) {
            String n = name.toString();
            if (n.startsWith("bridge") && !n.equals(EventHeaders.EVENT_ID)) {
                internal.add(name);
            }
        }
        for (SimpleString name : internal) {
            message.removeProperty(name);
        }
        if (!internal.isEmpty()) {
            message.messageChanged();
        }
        return message;
    }
}
