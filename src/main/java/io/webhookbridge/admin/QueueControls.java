package io.webhookbridge.admin;

import io.webhookbridge.broker.EmbeddedBroker;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * The embedded broker's queues through Artemis's management API ({@link QueueControl}): counting and moving by
 * filter, pausing, the age of the first message. That API is public and stable across versions, unlike the server's
 * queue internals, and each of its moves is one journal transaction.
 */
final class QueueControls {

    private final EmbeddedBroker broker;

    QueueControls(EmbeddedBroker broker) {
        this.broker = broker;
    }

    /** The queue's control, or null when the queue (or the broker) is not there. */
    QueueControl find(String queue) {
        ActiveMQServer server = broker.server();
        return server == null ? null : (QueueControl) server.getManagementService().getResource(ResourceNames.QUEUE + queue);
    }

    QueueControl get(String queue) {
        QueueControl control = find(queue);
        if (control == null) {
            throw new IllegalStateException("queue " + queue + " does not exist");
        }
        return control;
    }

    /** Messages on the queue; 0 when it does not exist. */
    long count(String queue) {
        QueueControl control = find(queue);
        return control == null ? 0 : control.getMessageCount();
    }

    /** Seconds since the first message on the queue was stored; 0 when it is empty or absent. */
    double oldestSeconds(String queue) {
        QueueControl control = find(queue);
        if (control == null) {
            return 0;
        }
        try {
            Long age = control.getFirstMessageAge();
            return age == null ? 0 : age / 1000.0;
        } catch (Exception e) {
            return 0;
        }
    }

    boolean paused(String queue) {
        QueueControl control = find(queue);
        return control != null && control.isPaused();
    }
}
