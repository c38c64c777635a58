package io.webhookbridge.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import io.webhookbridge.event.EventHeaders;
import org.apache.activemq.artemis.api.core.management.QueueControl;

/**
 * "Where is this event": which of the bridge's queues hold events with this {@code message_uuid} (Messages API) or
 * {@code messageId} (SMS API) now. A delivered event is on none of them.
 */
public final class EventLocator {

    /** Vonage's ids are UUIDs and hex or decimal message ids; nothing else may reach the filter. */
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final TargetDeliveries deliveries;
    private final QueueControls queues;
    private final String stagingQueue;
    private final String deadLetterQueue;

    EventLocator(TargetDeliveries deliveries, QueueControls queues, String stagingQueue, String deadLetterQueue) {
        this.deliveries = deliveries;
        this.queues = queues;
        this.stagingQueue = stagingQueue;
        this.deadLetterQueue = deadLetterQueue;
    }

    public Map<String, Object> where(String id) throws Exception {
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: a message_uuid or messageId (letters, digits and -, up to 64)");
        }
        String filter = EventHeaders.MESSAGE_UUID + " = '" + id + "' OR " + EventHeaders.MESSAGE_ID + " = '" + id + "'";
        List<Map<String, Object>> found = new ArrayList<>();
        long dead = count(deadLetterQueue, filter, "dead letters", found);
        count(stagingQueue, filter, "staging (long-SMS parts, events without targets)", found);
        for (DeliveryTarget target : deliveries.targets()) {
            count(target.queue(), filter, target.name(), found);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("deadLettered", dead > 0);
        out.put("queues", found);
        return out;
    }

    private long count(String queue, String filter, String holds, List<Map<String, Object>> found) throws Exception {
        QueueControl control = queues.find(queue);
        long count = control == null ? 0 : control.countMessages(filter);
        if (count > 0 && found.stream().noneMatch(q -> queue.equals(q.get("queue")))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("queue", queue);
            entry.put("for", holds);
            entry.put("events", count);
            found.add(entry);
        }
        return count;
    }
}
