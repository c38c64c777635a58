package io.webhookbridge.pacing;

import io.webhookbridge.broker.EmbeddedBroker;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;

/**
 * Pauses and resumes a target's delivery queue in the embedded broker. A persisted pause is the operator's kind (it
 * survives a restart, as {@code targets pause} makes it); the circuit breaker's is not persisted, which is how it
 * tells its own pause from an operator's and never lifts the latter.
 */
final class QueuePause {

    private final EmbeddedBroker broker;

    QueuePause(EmbeddedBroker broker) {
        this.broker = broker;
    }

    boolean paused(String queue) {
        Queue q = locate(queue);
        return q != null && q.isPaused();
    }

    boolean pausedByOperator(String queue) {
        Queue q = locate(queue);
        return q != null && q.isPaused() && q.isPersistedPause();
    }

    /** Pauses the queue; {@code persist} as an operator's pause. False when the queue does not exist. */
    boolean pause(String queue, boolean persist) {
        Queue q = locate(queue);
        if (q == null) {
            return false;
        }
        q.pause(persist);
        return true;
    }

    void resume(String queue) {
        Queue q = locate(queue);
        if (q != null) {
            q.resume();
        }
    }

    private Queue locate(String queue) {
        ActiveMQServer server = broker.server();
        return server == null || queue == null ? null : server.locateQueue(SimpleString.of(queue));
    }
}
