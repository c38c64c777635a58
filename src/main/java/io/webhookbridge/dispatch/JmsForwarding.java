package io.webhookbridge.dispatch;

/**
 * Where the events of {@code jms:queue:} targets go when they must leave the embedded broker: with an external
 * message bus, each bus queue has a local queue that something else (Artemis core bridges) empties onto the bus.
 * Dispatch owns this contract, so that it never depends on the bus that implements it.
 */
public interface JmsForwarding {

    /** Makes sure the local queue for a bus queue exists and is forwarded; returns the local queue's name. */
    String forward(String busQueue) throws Exception;
}
