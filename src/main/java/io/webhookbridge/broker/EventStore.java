package io.webhookbridge.broker;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The one way an event enters the embedded broker: store it on an address with a duplicate-detection id, and learn
 * when it is on disk and whether the broker already had it. Everything the bridge relies on from Artemis for that
 * lives behind this contract, and {@code EventStoreContractTest} pins it down against a real broker.
 * <p>
 * What a stored event is: a persistent JMS TextMessage (priority 4, a JMSMessageID, a timestamp) with the event's
 * properties, as a JMS producer would send it, so the routes and any JMS consumer read it as such. One journal write
 * stores it and, through the address's diverts, the copies on the queues of its targets.
 */
public interface EventStore {

    /** What the broker did with an event. */
    enum Outcome {
        /** On disk, on the address's queue or on the queues its diverts lead to. */
        STORED,
        /** The address's duplicate-id cache already holds the event's id: nothing was written. */
        DUPLICATE
    }

    /**
     * An event to store.
     *
     * @param address where to send it (anycast)
     * @param text the TextMessage's text, or null
     * @param properties message properties: String, Boolean or Number values
     * @param duplicateId the {@code _AMQ_DUPL_ID}, or null for none
     * @param timeToLiveMillis after how long the broker drops it, or 0 for never
     */
    record Event(String address, String text, Map<String, Object> properties, byte[] duplicateId, long timeToLiveMillis) {
    }

    /**
     * Stores the event. The stage completes once the journal has synced the write (or at once with
     * {@link Outcome#DUPLICATE} for an id the cache already holds), on {@code completions} when given (the caller's
     * own loop, so that it continues without another hand-off), else on a broker thread; it completes exceptionally
     * when the broker refuses or fails the write. Never blocks the calling thread on the disk.
     */
    CompletionStage<Outcome> store(Event event, Executor completions);

    /** Whether the duplicate-id cache of this address holds the id. */
    boolean isDuplicate(String address, byte[] duplicateId);
}
