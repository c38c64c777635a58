package io.webhookbridge.ordering;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.SafeText;
import io.webhookbridge.event.StatusRank;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery template's stale-status step (bean {@code staleStatusFilter}): with BRIDGE_DROP_STALE_STATUS, a status
 * whose {@code vonageStatusRank} is below the highest rank this target already received for the same message is not
 * sent; the event is consumed, counted in {@code bridge.target.stale.dropped} and logged at DEBUG with its event id.
 * <p>
 * The highest ranks live in memory, per target, for at most {@code maxKeys} messages and {@code window} after their
 * last delivery (least recently updated first out): a status later than that, or after a restart, is delivered. A rank
 * counts once the delivery route completed without an error, so a status parked on the dead-letter queue never
 * makes others stale.
 */
public final class StaleStatusFilter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StaleStatusFilter.class);
    /** Exchange properties the delivery template sets: the target's id (state) and its masked URI (meter label). */
    private static final String TARGET_ID = "bridgeTargetId";
    private static final String TARGET = "bridgeTarget";
    /** Unsigned SMS webhooks (when allowed) must never make a signed status look stale. */
    private static final String UNSIGNED_PREFIX = "unsigned:";

    private final boolean enabled;
    private final int maxKeys;
    private final long windowMillis;
    private final MeterRegistry registry;
    private final Clock clock;
    /** One window per target; targets come only from the configuration and the routing rules, so this is bounded. */
    private final Map<String, HighestRanks> byTarget = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    public StaleStatusFilter(boolean enabled, int maxKeys, Duration window, MeterRegistry registry, Clock clock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("bridge.ordering.stale-max-messages must be at least 1");
        }
        this.enabled = enabled;
        this.maxKeys = maxKeys;
        this.windowMillis = window.toMillis();
        this.registry = registry;
        this.clock = clock;
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            return;
        }
        Message message = exchange.getMessage();
        Integer rank = rank(message.getHeader(StatusRank.RANK));
        String key = messageKey(message);
        String targetId = exchange.getProperty(TARGET_ID, String.class);
        if (rank == null || key == null || targetId == null) {
            return;
        }
        HighestRanks ranks = byTarget.computeIfAbsent(targetId, t -> new HighestRanks(maxKeys));
        long now = clock.millis();
        if (ranks.isStale(key, rank, now - windowMillis)) {
            String target = exchange.getProperty(TARGET, String.class);
            dropped.computeIfAbsent(target == null ? "other" : target, t -> Counter.builder("bridge.target.stale.dropped")
                    .description("Statuses not delivered because the target already had a later one of that message")
                    .tag("target", t).register(registry)).increment();
            LOG.debug("Dropped stale status {} (rank {}): the target already received a later status of its message",
                    SafeText.replaceUnsafe(String.valueOf(message.getHeader(EventHeaders.EVENT_ID)), "-_.:", '_', false, 200),
                    rank);
            exchange.setRouteStop(true);
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                // An event parked on the dead-letter queue also completes, with the caught exception kept.
                if (done.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
                    ranks.delivered(key, rank, clock.millis());
                }
            }
        });
    }

    /** The highest rank delivered to a target for a message key, or 0; for tests. */
    int highest(String targetId, String key) {
        HighestRanks ranks = byTarget.get(targetId);
        return ranks == null ? 0 : ranks.highest(key, clock.millis() - windowMillis);
    }

    private static Integer rank(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && s.length() == 1 && Character.isDigit(s.charAt(0))) {
            return Integer.valueOf(s);
        }
        return null;
    }

    private static String messageKey(Message message) {
        String key = message.getHeader(EventHeaders.MESSAGE_UUID, String.class);
        if (key == null) {
            key = message.getHeader(EventHeaders.MESSAGE_ID, String.class);
        }
        if (key == null) {
            return null;
        }
        return Boolean.FALSE.equals(message.getHeader(EventHeaders.SIGNATURE_VERIFIED, Boolean.class)) ? UNSIGNED_PREFIX + key : key;
    }

    /** Message key → highest delivered rank and when it was set, least recently updated first; one lock per target. */
    private static final class HighestRanks {

        private record Entry(int rank, long at) {
        }

        private final LinkedHashMap<String, Entry> entries;

        HighestRanks(int maxKeys) {
            entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > maxKeys;
                }
            };
        }

        synchronized boolean isStale(String key, int rank, long notBefore) {
            return rank < highest(key, notBefore);
        }

        synchronized int highest(String key, long notBefore) {
            Entry entry = entries.get(key);
            if (entry == null) {
                return 0;
            }
            if (entry.at() < notBefore) {
                entries.remove(key);
                return 0;
            }
            return entry.rank();
        }

        synchronized void delivered(String key, int rank, long now) {
            Entry entry = entries.get(key);
            entries.put(key, new Entry(entry == null ? rank : Math.max(rank, entry.rank()), now));
        }
    }
}
