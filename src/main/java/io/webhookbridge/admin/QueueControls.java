package io.webhookbridge.admin;

import io.webhookbridge.broker.EmbeddedBroker;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * The embedded broker's queues through Artemis's management API ({@link QueueControl}): counting and moving by
 * filter, pausing. That API is public and stable across versions, unlike the server's queue internals, and each of
 * its moves is one journal transaction. The age of the oldest waiting message needs the scheduled ones too, which that
 * API does not give: {@link EmbeddedBroker#oldestMessageTimestamp}, as broker owns Artemis's internals.
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

    /**
     * Seconds since the oldest message on the queue still to be delivered was stored, scheduled redeliveries included
     * (a failing target's events wait there); 0 when it is empty or absent.
     */
    double oldestSeconds(String queue) {
        long stored = broker.oldestMessageTimestamp(queue);
        return stored <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - stored) / 1000.0;
    }

    boolean paused(String queue) {
        QueueControl control = find(queue);
        return control != null && control.isPaused();
    }
}
