package io.webhookbridge.staging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.broker.EventStore;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.SafeText;
import io.webhookbridge.event.Sha256;
import io.webhookbridge.observe.StoredEventMeters;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Writes an event persistently to a queue of the embedded broker and completes the exchange when the broker has
 * stored it on disk, through the broker's {@link EventStore}: no thread waits for the disk, and the exchange completes
 * on the caller's event loop ({@link EventHeaders#CALLER_EXECUTOR}) when it names one. The stored message is a
 * persistent TextMessage with the event's {@code vonage*} and {@code bridge*} headers as properties (not
 * {@code bridgeTargets}, the raw target URIs).
 * <p>
 * The event's dedupe key, hashed ({@link #duplicateId}), travels as {@code _AMQ_DUPL_ID}, so the broker stores a Vonage
 * retry once; an id its persistent id cache already holds is answered as a duplicate at once. Sets header
 * {@code bridgeStageResult} to {@code accepted} or {@code duplicate}; a failed write sets a
 * {@link StagingFailedException}.
 */
public final class EventStager extends AsyncProcessorSupport {

    public static final String RESULT = "bridgeStageResult";
    /**
     * Artemis's message group property ({@code JMSXGroupID} to a JMS client): the broker hands the events of one group
     * to one consumer of a queue at a time, in order. Every copy a divert or a core bridge makes keeps it.
     */
    public static final String GROUP_ID = "_AMQ_GROUP_ID";
    /** The header a long SMS's part carries its concatenation key in (set by the SMS classifier). */
    private static final String CONCAT_KEY = "bridgeConcatKey";
    /** Group ids are request-derived: a longer or odd one is replaced by its hash. */
    private static final int MAX_GROUP_ID = 100;
    private static final String UNSIGNED_GROUP = "unverified.";
    /** 128 bits of SHA-256: collisions are out of reach at any volume, and an eighth of a UUID-based key's UTF-16 bytes. */
    private static final int DUPLICATE_ID_BYTES = 16;

    private final EmbeddedBroker broker;
    private final String queue;
    private final boolean dedupe;
    private final boolean rejected;
    private final long maxQueueBytes;
    private final long timeToLiveMillis;
    private final StoredEventMeters storedEvents;

    /** Stages accepted events, deduplicated by their {@code bridgeDedupeKey} when {@code dedupe} is set. */
    public EventStager(EmbeddedBroker broker, String queue, boolean dedupe) {
        this(broker, queue, dedupe, StoredEventMeters.none());
    }

    /** Stages accepted events, and counts each one stored (not a duplicate) in {@code storedEvents}. */
    public EventStager(EmbeddedBroker broker, String queue, boolean dedupe, StoredEventMeters storedEvents) {
        this(broker, queue, dedupe, false, 0, 0, storedEvents);
    }

    private EventStager(EmbeddedBroker broker, String queue, boolean dedupe, boolean rejected, long maxQueueBytes,
            long timeToLiveMillis, StoredEventMeters storedEvents) {
        this.broker = broker;
        this.queue = queue;
        this.dedupe = dedupe;
        this.rejected = rejected;
        this.maxQueueBytes = maxQueueBytes;
        this.timeToLiveMillis = timeToLiveMillis;
        this.storedEvents = storedEvents;
    }

    /**
     * Keeps signed webhooks the bridge refused (their content unusable) on the dead-letter queue: each body once per
     * kind (a replayed request adds nothing), for {@code timeToLiveMillis} at most, and only while that queue holds
     * less than {@code maxQueueBytes}. Past that bound the webhook is answered 503, so Vonage keeps it for a retry.
     */
    public static EventStager forRejected(EmbeddedBroker broker, String deadLetterQueue, long maxQueueBytes,
            long timeToLiveMillis) {
        return new EventStager(broker, deadLetterQueue, true, true, maxQueueBytes, timeToLiveMillis,
                StoredEventMeters.none());
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String dedupeKey = rejected ? rejectedKey(exchange) : exchange.getMessage().getHeader(EventHeaders.DEDUPE_KEY, String.class);
        byte[] duplicateId = dedupe && dedupeKey != null ? duplicateId(dedupeKey) : null;
        EventStore store;
        try {
            store = broker.eventStore();
        } catch (IllegalStateException e) {
            exchange.setException(new StagingFailedException("the broker did not take the event: " + e.getMessage()));
            callback.done(true);
            return true;
        }
        if (maxQueueBytes > 0 && !store.isDuplicate(queue, duplicateId) && broker.queueBytes(queue) >= maxQueueBytes) {
            exchange.setException(new StagingFailedException("the dead-letter queue is full (" + maxQueueBytes + " bytes)"));
            callback.done(true);
            return true;
        }
        CompletableFuture<EventStore.Outcome> stored = store.store(event(exchange, duplicateId),
                exchange.getProperty(EventHeaders.CALLER_EXECUTOR, Executor.class)).toCompletableFuture();
        // A known repeat (or a refusal) is answered at once, on this thread.
        boolean doneSync = stored.isDone();
        stored.whenComplete((outcome, failure) -> {
            if (failure != null) {
                exchange.setException(new StagingFailedException("the broker did not store the event: " + reason(failure)));
            } else if (outcome == EventStore.Outcome.DUPLICATE) {
                exchange.getMessage().setHeader(RESULT, "duplicate");
            } else {
                exchange.getMessage().setHeader(RESULT, "accepted");
                Message message = exchange.getMessage();
                storedEvents.stored(message.getHeader(EventHeaders.KIND, String.class),
                        message.getHeader(EventHeaders.CHANNEL, String.class),
                        message.getHeader(EventHeaders.STATUS, String.class));
            }
            callback.done(doneSync);
        });
        return doneSync;
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage();
    }

    private static String rejectedKey(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        byte[] bytes = body instanceof byte[] b ? b : String.valueOf(exchange.getMessage().getBody(String.class))
                .getBytes(StandardCharsets.UTF_8);
        return "rejected:" + exchange.getMessage().getHeader(EventHeaders.KIND, String.class) + ":"
                + HexFormat.of().formatHex(Sha256.digest(bytes));
    }

    /**
     * The staging address's duplicate-detection id of a dedupe key: the first 16 bytes of the SHA-256 of its UTF-8
     * bytes. The broker keeps one per accepted event for a day of retries (id-cache-size), in the heap and in every
     * journal compaction: 16 bytes instead of the key's ~120 (a String id is stored as UTF-16). Copies of the event and
     * the bus keep the readable key ({@code bridgeDedupeKey}).
     */
    public static byte[] duplicateId(String dedupeKey) {
        return Arrays.copyOf(Sha256.digest(dedupeKey.getBytes(StandardCharsets.UTF_8)), DUPLICATE_ID_BYTES);
    }

    /** The event's text and its {@code vonage*} and {@code bridge*} headers, as the broker stores it. */
    private EventStore.Event event(Exchange exchange, byte[] duplicateId) {
        // Raw bytes (a refused body on its way to the dead-letter queue) are UTF-8 whatever the JVM's default.
        Object body = exchange.getMessage().getBody();
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : exchange.getMessage().getBody(String.class);
        Map<String, Object> properties = new HashMap<>();
        for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
            String name = header.getKey();
            // Not bridgeTargets: target URIs may carry credentials, and the diverts need only the ids.
            if (header.getValue() != null && !RESULT.equals(name) && !EventHeaders.TARGETS.equals(name)
                    && (name.startsWith(EventHeaders.PREFIX) || name.startsWith("bridge"))) {
                properties.put(name, propertyValue(header.getValue()));
            }
        }
        String group = rejected ? null : groupId(exchange.getMessage());
        if (group != null) {
            properties.put(GROUP_ID, group);
        }
        return new EventStore.Event(queue, text, properties, duplicateId, timeToLiveMillis);
    }

    /**
     * The event's message group, its message key: the Messages API's message uuid, the SMS API's messageId; a part
     * of a long SMS waiting to be joined groups by its concatenation key, which the joined event keeps. Null when
     * the event has none. An unsigned SMS webhook (accepted only with BRIDGE_SMS_SIGNATURE_REQUIRED=false) groups
     * apart from the signed ones, so that whoever can post one never queues in a real message's line.
     */
    static String groupId(Message message) {
        String group = messageGroup(message);
        return group != null && Boolean.FALSE.equals(message.getHeader(EventHeaders.SIGNATURE_VERIFIED, Boolean.class))
                ? UNSIGNED_GROUP + Sha256.hexPrefix(group, 16) : group;
    }

    private static String messageGroup(Message message) {
        String key = message.getHeader(CONCAT_KEY, String.class);
        if (key == null) {
            key = message.getHeader(EventHeaders.MESSAGE_UUID, String.class);
        }
        if (key == null) {
            key = message.getHeader(EventHeaders.MESSAGE_ID, String.class);
        }
        if (key == null || key.isEmpty()) {
            return null;
        }
        return key.length() <= MAX_GROUP_ID && SafeText.replaceUnsafe(key, "-_.", '_', false, MAX_GROUP_ID).equals(key)
                ? key : Sha256.hexPrefix(key, 16);
    }

    private static Object propertyValue(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        return value.toString();
    }
}
