package io.webhookbridge.observe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * {@code bridge.events.stored}: events the broker stored (not duplicates), by {@code kind}, {@code channel} and
 * {@code status}. The values are Vonage's own words; anything else is {@code other} and an event without a status
 * (an inbound one) is {@code none}, so a payload can never add a series. A counter is made the first time its
 * combination is stored and kept in a fixed table, so that counting is an array lookup.
 */
public final class StoredEventMeters {

    private static final String OTHER = "other";
    private static final List<String> KINDS = List.of("inbound-message", "message-status", "inbound-sms",
            "delivery-receipt", OTHER);
    private static final List<String> CHANNELS = List.of("sms", "mms", "rcs", "whatsapp", "messenger", "viber_service",
            OTHER);
    /** The Messages API's statuses and the SMS API's delivery receipt statuses. */
    private static final List<String> STATUSES = List.of("submitted", "delivered", "read", "rejected", "undeliverable",
            "failed", "expired", "accepted", "buffered", "unknown", "none", OTHER);
    private static final Map<String, Integer> KIND_INDEX = index(KINDS);
    private static final Map<String, Integer> CHANNEL_INDEX = index(CHANNELS);
    private static final Map<String, Integer> STATUS_INDEX = index(STATUSES);
    private static final int NO_STATUS = STATUSES.indexOf("none");

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter> counters =
            new AtomicReferenceArray<>(KINDS.size() * CHANNELS.size() * STATUSES.size());

    public StoredEventMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that record nothing, for stagers whose events are not counted (refused webhooks, tests). */
    public static StoredEventMeters none() {
        return new StoredEventMeters(new CompositeMeterRegistry());
    }

    /** Counts one stored event; {@code status} is null for events without one. */
    public void stored(String kind, String channel, String status) {
        int k = indexOf(KIND_INDEX, kind, KINDS);
        int c = indexOf(CHANNEL_INDEX, channel, CHANNELS);
        int s = status == null ? NO_STATUS : indexOf(STATUS_INDEX, status, STATUSES);
        int slot = (k * CHANNELS.size() + c) * STATUSES.size() + s;
        Counter counter = counters.get(slot);
        if (counter == null) {
            // Registering the same id twice returns the same counter, so a race here only costs a lookup.
            counter = Counter.builder("bridge.events.stored")
                    .description("Events stored by the broker (duplicates excluded), by kind, channel and status")
                    .tag("kind", KINDS.get(k)).tag("channel", CHANNELS.get(c)).tag("status", STATUSES.get(s))
                    .register(registry);
            counters.set(slot, counter);
        }
        counter.increment();
    }

    private static int indexOf(Map<String, Integer> index, String value, List<String> values) {
        Integer i = value == null ? null : index.get(value);
        return i == null ? values.size() - 1 : i;
    }

    private static Map<String, Integer> index(List<String> values) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            index.put(values.get(i), i);
        }
        return Map.copyOf(index);
    }
}
