package io.webhookbridge.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.webhookbridge.observe.RecentCounts;
import org.apache.camel.Exchange;
import org.apache.camel.util.URISupport;

/**
 * Counts what the delivery routes do, per target (bean {@code deliveryMeters}, a step of the delivery template and of
 * the delivery error handling): deliveries with their latency from the moment the event was stored, failed attempts,
 * dead letters, and the last error, which the admin API shows with the deliveries and failed attempts of the last
 * minute (per-second rings, allocated once per target) and since when the target has been failing. Targets come only from the configuration and the
 * routing rules, so the per-target state is bounded.
 */
public final class DeliveryMeters {

    /** Exchange property the delivery template sets to the target's masked URI. */
    static final String TARGET = "bridgeTarget";
    /** Exchange property the delivery template sets to the event's JMS timestamp before preparing it. */
    static final String STORED_AT = "bridgeStoredAt";
    private static final int MAX_ERROR_LENGTH = 300;
    private static final int DELIVERED = 0;
    private static final int FAILED = 1;

    private final MeterRegistry registry;
    private final Map<String, TargetMeters> byTarget = new ConcurrentHashMap<>();

    /** What one target's deliveries did since start. */
    public static final class TargetMeters {
        private final Counter delivered;
        private final Counter failedAttempts;
        private final Counter deadLettered;
        private final Timer latency;
        private volatile String lastError;
        private volatile Instant lastErrorAt;
        /** Deliveries (series 0) and failed attempts (series 1) per second of the last minute. */
        private final RecentCounts lastMinute = new RecentCounts(60, 1000, 2);
        /** Epoch ms of the first failed attempt since the last delivery; 0 while not failing. */
        private final AtomicLong failingSince = new AtomicLong();

        private TargetMeters(MeterRegistry registry, String target) {
            delivered = Counter.builder("bridge.target.delivered").description("Events delivered to the target")
                    .tag("target", target).register(registry);
            failedAttempts = Counter.builder("bridge.target.failed.attempts")
                    .description("Delivery attempts that failed, including the last one").tag("target", target).register(registry);
            deadLettered = Counter.builder("bridge.target.dead.lettered")
                    .description("Events parked on the dead-letter queue after their last attempt").tag("target", target)
                    .register(registry);
            latency = Timer.builder("bridge.target.delivery.latency")
                    .description("From the event stored (a replayed one: dead-lettered) to its delivery").publishPercentileHistogram()
                    .tag("target", target).register(registry);
        }

        public long delivered() {
            return (long) delivered.count();
        }

        public long failedAttempts() {
            return (long) failedAttempts.count();
        }

        public long deadLettered() {
            return (long) deadLettered.count();
        }

        public String lastError() {
            return lastError;
        }

        public Instant lastErrorAt() {
            return lastErrorAt;
        }

        /** Deliveries in the last 60 seconds. */
        public long deliveredPerMinute() {
            return lastMinute.sum(DELIVERED);
        }

        /** Failed attempts in the last 60 seconds. */
        public long failedPerMinute() {
            return lastMinute.sum(FAILED);
        }

        /** Epoch ms of the first failed attempt since the last delivery; null when the last attempt succeeded or none failed. */
        public Long failingSince() {
            long since = failingSince.get();
            return since == 0 ? null : since;
        }

        private void recordDelivery() {
            delivered.increment();
            lastMinute.increment(DELIVERED);
            failingSince.set(0);
        }

        private void failed(Exchange exchange) {
            failedAttempts.increment();
            lastMinute.increment(FAILED);
            failingSince.compareAndSet(0, System.currentTimeMillis());
            Throwable error = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            lastError = describe(error);
            lastErrorAt = Instant.now();
        }
    }

    public DeliveryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** After a target took an event: one delivery, and the time since the event's JMS timestamp. */
    public void delivered(Exchange exchange) {
        TargetMeters meters = of(exchange);
        meters.recordDelivery();
        Long stored = exchange.getProperty(STORED_AT, Long.class);
        if (stored != null && stored > 0) {
            meters.latency.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - stored)));
        }
    }

    /** A failed attempt that the broker retries. */
    public void failed(Exchange exchange) {
        of(exchange).failed(exchange);
    }

    /** The last attempt failed: the event is parked on the dead-letter queue. */
    public void deadLettered(Exchange exchange) {
        TargetMeters meters = of(exchange);
        meters.failed(exchange);
        meters.deadLettered.increment();
    }

    /** A target's meters, created on first use. */
    public TargetMeters target(String target) {
        return byTarget.computeIfAbsent(target, t -> new TargetMeters(registry, t));
    }

    private TargetMeters of(Exchange exchange) {
        String target = exchange.getProperty(TARGET, String.class);
        return target(target == null ? "other" : target);
    }

    /** The error's message, one line, bounded, with anything that looks like a credential in a URI masked. */
    private static String describe(Throwable error) {
        if (error == null) {
            return null;
        }
        String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        text = URISupport.sanitizeUri(text.replaceAll("[\\r\\n\\t]+", " "));
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "..." : text;
    }
}
