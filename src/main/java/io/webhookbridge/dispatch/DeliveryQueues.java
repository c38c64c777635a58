package io.webhookbridge.dispatch;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.event.EventHeaders;

/**
 * The queue each target's events wait on, and the divert that fills it in the very write that stages an event.
 * A plain {@code jms:queue:X} target is queue X itself (nothing can fail on the way that would need a redelivery);
 * with a message bus, X's local forwarding queue. Any other target has a delivery queue, {@code <prefix><id>},
 * drained by its delivery route.
 */
final class DeliveryQueues {

    private final EmbeddedBroker broker;
    private final String stagingAddress;
    private final String deliveryPrefix;
    private volatile JmsForwarding bus;

    DeliveryQueues(EmbeddedBroker broker, String stagingAddress, String deliveryPrefix) {
        this.broker = broker;
        this.stagingAddress = stagingAddress;
        this.deliveryPrefix = deliveryPrefix;
    }

    void forwardJmsTargetsTo(JmsForwarding bus) {
        this.bus = bus;
    }

    /** The queue a plain JMS target's divert fills, created if missing; null for a target that needs a delivery route. */
    String plainQueue(TargetUri target) throws Exception {
        String queue = target.plainJmsQueue();
        if (queue == null) {
            return null;
        }
        JmsForwarding forwarding = bus;
        if (forwarding != null) {
            return forwarding.forward(queue);
        }
        broker.ensureQueue(queue);
        return queue;
    }

    /** The delivery queue of a target that has a delivery route, created if missing. */
    String deliveryQueue(TargetUri target) throws Exception {
        String queue = deliveryQueueName(target.id());
        broker.ensureQueue(queue);
        return queue;
    }

    /**
     * Where a target's delivery route sends to. With a message bus, a {@code jms:queue:X} target sends to X's local
     * forwarding queue, with the target's options.
     */
    String endpointFor(TargetUri target) throws Exception {
        JmsForwarding forwarding = bus;
        if (!"jms".equals(target.kind()) || forwarding == null) {
            return target.endpointUri();
        }
        JmsDestination destination = JmsDestination.parse(target.uri());
        if (!destination.isQueue()) {
            throw new IllegalArgumentException("target '" + target.masked()
                    + "': only jms:queue: targets can be forwarded to the message bus (BRIDGE_BUS_URL)");
        }
        if (destination.name().isBlank()) {
            throw new IllegalArgumentException("target '" + target.masked() + "' names no queue");
        }
        return "jms:queue:" + forwarding.forward(destination.name()) + destination.options();
    }

    /** An exclusive divert on the staging address that moves the events labelled with this target id to its queue. */
    void divert(String targetId, String queue) throws Exception {
        broker.ensureDivert("bridge.route." + targetId, stagingAddress,
                EventHeaders.TARGET_IDS + " LIKE '%|" + targetId.replace("_", "!_") + "|%' ESCAPE '!'", queue,
                TargetCopyTransformer.class.getName());
    }

    String deliveryQueueName(String targetId) {
        return deliveryPrefix + targetId;
    }

    /** How many events wait on a target's delivery queue. */
    long waiting(String targetId) {
        return broker.messageCount(deliveryQueueName(targetId));
    }
}
