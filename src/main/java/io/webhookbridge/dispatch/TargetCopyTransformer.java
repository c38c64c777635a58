package io.webhookbridge.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.webhookbridge.event.EventHeaders;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

/**
 * Divert transformer: the copy of an event that lands in a target's queue carries the classification
 * ({@code vonage*}), {@code bridgeEventId} and the dedupe key as {@code bridgeDedupeKey}, and none of the bridge's
 * routing properties ({@code bridgeTargets}, {@code bridgeTargetIds}, ...).
 * <p>
 * It also drops {@code _AMQ_DUPL_ID}: the staging address has already stored the event once, and an id on the copy
 * would make the broker check and record it again in every target address's id cache (two more journal records
 * and a cache entry per event and target, and the old-generation garbage of that cache's churn). The bus path puts
 * the key back where it is needed ({@code DedupeKeyAsBridgeDuplicateId}).
 */
public final class TargetCopyTransformer implements Transformer {

    @Override
    public Message transform(Message message) {
        List<SimpleString> internal = new ArrayList<>();
        for (SimpleString name : message.getPropertyNames()) {
            String n = name.toString();
            if (n.startsWith("bridge") && !n.equals(EventHeaders.EVENT_ID) && !n.equals(EventHeaders.DEDUPE_KEY)
                    || n.equals(EventHeaders.DUPLICATE_ID)) {
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
