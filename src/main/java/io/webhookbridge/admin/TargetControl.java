package io.webhookbridge.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets as operators see them, and pausing one: a paused target's queue keeps taking events (webhooks are still
 * answered 200 and their events wait on disk) but hands none to its consumer. Artemis keeps the pause in the journal,
 * so it survives a restart until resumed.
 */
public final class TargetControl {

    private static final Logger LOG = LoggerFactory.getLogger(TargetControl.class);

    private final TargetDeliveries deliveries;
    private final QueueControls queues;
    private final DeliveryMeters meters;

    TargetControl(TargetDeliveries deliveries, QueueControls queues, DeliveryMeters meters) {
        this.deliveries = deliveries;
        this.queues = queues;
        this.meters = meters;
    }

    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        deliveries.targets().stream().sorted(Comparator.comparing(DeliveryTarget::name)).forEach(t -> out.add(describe(t)));
        return out;
    }

    /** Pauses or resumes a target by id; null when no target has that id. */
    public Map<String, Object> pause(String id, boolean pause) throws Exception {
        DeliveryTarget target = find(id);
        if (target == null) {
            return null;
        }
        if (pause) {
            queues.get(target.queue()).pause(true);
        } else {
            queues.get(target.queue()).resume();
        }
        LOG.info("Target {} ({}) {}: queue {}", target.id(), target.name(), pause ? "paused, its events wait on disk"
                : "resumed", target.queue());
        return describe(target);
    }

    DeliveryTarget find(String id) {
        return deliveries.targets().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    private Map<String, Object> describe(DeliveryTarget target) {
        DeliveryMeters.TargetMeters counts = meters.target(target.name());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", target.id());
        out.put("name", target.name());
        out.put("kind", target.kind());
        out.put("queue", target.queue());
        out.put("deliveredBy", target.routed() ? "route deliver-" + target.id() : "the queue's JMS consumers");
        out.put("paused", queues.paused(target.queue()));
        out.put("waiting", queues.count(target.queue()));
        out.put("oldestWaitingSeconds", queues.oldestSeconds(target.queue()));
        out.put("delivered", counts.delivered());
        out.put("failedAttempts", counts.failedAttempts());
        out.put("deadLettered", counts.deadLettered());
        out.put("lastError", counts.lastError());
        out.put("lastErrorAt", counts.lastErrorAt() == null ? null : counts.lastErrorAt().toString());
        out.put("deliveredPerMinute", counts.deliveredPerMinute());
        out.put("failedPerMinute", counts.failedPerMinute());
        out.put("failingSince", counts.failingSince());
        return out;
    }
}
