package io.webhookbridge.pacing;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.dispatch.DeliveryAttempt;
import io.webhookbridge.ordering.MessageOrder;
import io.webhookbridge.ordering.OrderHeldException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pacing that listens to the target (bean {@code deliveryPacing}, steps of the delivery template and of the route
 * configuration {@code delivery-errors}): the attempt count across reschedules, a gate in front of each attempt (a
 * paused queue or an open circuit holds it), and what a failed attempt leads to ({@link #outcome}): dead-lettered at
 * once on 410 Gone, sent back to its queue for later without counting while the circuit is open or an earlier event of
 * its message waits, parked after the last attempt, rescheduled for the target's Retry-After on 429 and 503, else
 * rescheduled after the usual backoff (an event of a message, so that it keeps its place) or rolled back for the
 * broker's backoff.
 * One circuit per target, created by the target's own route, so their number is that of the targets.
 */
public final class DeliveryPacing {

    /** Exchange properties the delivery template sets (constants of the target's route). */
    static final String TARGET = "bridgeTarget";
    static final String TARGET_ID = "bridgeTargetId";
    static final String QUEUE = "bridgeDeliveryQueue";
    static final String ATTEMPT = "bridgeDeliveryAttempt";
    /** Set by the gate on the one attempt that probes a half-open circuit. */
    static final String PROBE = "bridgeCircuitProbe";
    /** The decision about a failed attempt, and what rescheduling it needs. */
    public static final String OUTCOME = "bridgePacing";
    public static final String RETRY_AT = "bridgeRetryAt";
    /** Header carried by a rescheduled event: attempts already counted, as the broker's delivery count starts again. */
    public static final String PRIOR_ATTEMPTS = "bridgePriorAttempts";

    public static final String GONE = "gone";
    public static final String HOLD = "hold";
    public static final String RETRY_AFTER = "retry-after";
    public static final String BACKOFF = "backoff";
    public static final String PARK = "park";
    public static final String ROLLBACK = "rollback";

    private static final Logger LOG = LoggerFactory.getLogger("io.webhookbridge.delivery");
    /**
     * Answers about the event, not the target (malformed, conflicting, too large, unsupported, unprocessable): they
     * never open the circuit. 401, 403, 404 and 5xx say the target as a whole cannot take events, and do.
     */
    private static final Set<Integer> REFUSES_THE_EVENT = Set.of(400, 409, 413, 415, 422);
    /** Far more than any sane max-redeliveries: a bound on what a header can claim. */
    private static final int MAX_PRIOR_ATTEMPTS = 10_000;

    private final MeterRegistry registry;
    private final QueuePause pauses;
    private final ScheduledExecutorService timer;
    private final int circuitFailures;
    private final long cooldownMs;
    private final int maxRedeliveries;
    private final long maxDelayMs;
    private final long holdDelayMs;
    private final long initialDelayMs;
    private final double backoffMultiplier;
    private final DeliveryAttempt deliveryCount = new DeliveryAttempt();
    private final Map<String, TargetCircuit> circuits = new ConcurrentHashMap<>();

    DeliveryPacing(MeterRegistry registry, QueuePause pauses, ScheduledExecutorService timer, int circuitFailures,
            long cooldownMs, int maxRedeliveries, long maxDelayMs, long holdDelayMs, long initialDelayMs,
            double backoffMultiplier) {
        this.registry = registry;
        this.pauses = pauses;
        this.timer = timer;
        this.circuitFailures = circuitFailures;
        this.cooldownMs = cooldownMs;
        this.maxRedeliveries = maxRedeliveries;
        this.maxDelayMs = maxDelayMs;
        this.holdDelayMs = holdDelayMs;
        this.initialDelayMs = initialDelayMs;
        this.backoffMultiplier = backoffMultiplier;
    }

    /** Which attempt this is: the broker's delivery count plus the attempts counted before the event was rescheduled. */
    public int attempt(Exchange exchange) throws Exception {
        int prior = 0;
        Object header = exchange.getMessage().getHeader(PRIOR_ATTEMPTS);
        if (header != null) {
            try {
                prior = Math.max(0, Math.min(MAX_PRIOR_ATTEMPTS, Integer.parseInt(header.toString().trim())));
            } catch (NumberFormatException e) {
                prior = 0;
            }
        }
        return prior + deliveryCount.attempt(exchange);
    }

    /** The gate before an attempt: throws when the attempt must wait (queue paused, circuit open, probe under way). */
    public void admit(Exchange exchange) throws CircuitHeldException {
        String queue = exchange.getProperty(QUEUE, String.class);
        if (pauses.paused(queue)) {
            // Taken from the queue before it was paused (the consumer's prefetch): it waits with the others.
            throw new CircuitHeldException("the target's queue is paused");
        }
        switch (circuit(exchange).admit(System.currentTimeMillis())) {
            case PROBE -> exchange.setProperty(PROBE, true);
            case HOLD -> throw new CircuitHeldException("the target's circuit is open");
            default -> { }
        }
    }

    /** After a delivery: a success closes the target's circuit. */
    public void delivered(Exchange exchange) {
        circuit(exchange).succeeded(isProbe(exchange));
    }

    /**
     * What becomes of a failed attempt, one of {@value #GONE}, {@value #HOLD}, {@value #RETRY_AFTER}, {@value #BACKOFF},
     * {@value #PARK}, {@value #ROLLBACK}; also sets {@value #RETRY_AT} and {@value #PRIOR_ATTEMPTS} for a reschedule.
     * Decided once per failure (the error handler may ask several times) and recorded in the circuit then.
     */
    public String outcome(Exchange exchange) {
        String decided = exchange.getProperty(OUTCOME, String.class);
        if (decided != null) {
            return decided;
        }
        String outcome = decide(exchange);
        exchange.setProperty(OUTCOME, outcome);
        return outcome;
    }

    private String decide(Exchange exchange) {
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long now = System.currentTimeMillis();
        int attempt = exchange.getProperty(ATTEMPT, 1, Integer.class);
        TargetCircuit circuit = circuit(exchange);
        HttpOperationFailedException http = find(error, HttpOperationFailedException.class);
        if (http != null && http.getStatusCode() == 410) {
            circuit.probeEnded();
            return GONE;
        }
        OrderHeldException behind = find(error, OrderHeldException.class);
        if (behind != null) {
            return reschedule(exchange, behind.dueAt(), attempt - 1, HOLD);
        }
        if (find(error, CircuitHeldException.class) != null) {
            return reschedule(exchange, now + circuit.remainingCooldownMs(now) + heldDelay(circuit), attempt - 1, HOLD);
        }
        if (http != null && REFUSES_THE_EVENT.contains(http.getStatusCode())) {
            // The target is up and refuses this event: its attempts count as usual and it is parked after the last,
            // instead of opening the circuit and probing forever in front of the events behind it.
            if (isProbe(exchange)) {
                circuit.probeEnded();
            }
        } else if (circuit.failed(isProbe(exchange), now)) {
            // Failed while the circuit opened or was open: the target is down, not this event; the attempt is not held
            // against it.
            return reschedule(exchange, now + circuit.remainingCooldownMs(now), attempt - 1, HOLD);
        }
        if (attempt > maxRedeliveries) {
            return PARK;
        }
        if (http != null && (http.getStatusCode() == 429 || http.getStatusCode() == 503)) {
            OptionalLong delay = RetryAfter.delayMs(header(http, "Retry-After"), maxDelayMs, Instant.ofEpochMilli(now));
            if (delay.isPresent()) {
                // Never sooner than the usual backoff: "Retry-After: 0" must not burn the attempts in a burst.
                return reschedule(exchange, now + Math.max(delay.getAsLong(), backoffMs(attempt)), attempt, RETRY_AFTER);
            }
        }
        if (MessageOrder.keepsPlace(exchange)) {
            // The same backoff as the broker's, but back on the queue in the message's line, not set aside outside it.
            return reschedule(exchange, now + backoffMs(attempt), attempt, BACKOFF);
        }
        return ROLLBACK;
    }

    /** The broker's redelivery delay after this attempt: the initial delay, doubled (by the multiplier) per attempt. */
    private long backoffMs(int attempt) {
        double delay = initialDelayMs * Math.pow(backoffMultiplier, Math.max(0, attempt - 1));
        return (long) Math.min(maxDelayMs, delay);
    }

    /** While a probe is under way, the others try again a little later rather than at once. */
    private long heldDelay(TargetCircuit circuit) {
        return circuit.state() == TargetCircuit.State.HALF_OPEN ? holdDelayMs : 0;
    }

    private static String reschedule(Exchange exchange, long at, int counted, String outcome) {
        exchange.setProperty(RETRY_AT, at);
        exchange.setProperty(PRIOR_ATTEMPTS, Math.max(0, counted));
        return outcome;
    }

    /** The target answered 410 Gone: pause it as an operator would (persisted), and say so loudly. */
    public void targetGone(Exchange exchange) {
        String queue = exchange.getProperty(QUEUE, String.class);
        String id = exchange.getProperty(TARGET_ID, String.class);
        boolean paused = pauses.pause(queue, true);
        LOG.error("Target {} ({}) answered 410 Gone: {}; the event is parked on the dead-letter queue. Once the target "
                + "takes events again, resume it with: targets resume {}", id, exchange.getProperty(TARGET, String.class),
                paused ? "paused it, its events wait on disk" : "could not pause it (queue " + queue + " not found)", id);
    }

    private TargetCircuit circuit(Exchange exchange) {
        String id = exchange.getProperty(TARGET_ID, String.class);
        return circuits.computeIfAbsent(id == null ? "other" : id, key -> {
            String name = exchange.getProperty(TARGET, "other", String.class);
            TargetCircuit circuit = new TargetCircuit(name, exchange.getProperty(QUEUE, String.class), circuitFailures,
                    cooldownMs, pauses, timer);
            // Two targets differing only in a secret share a masked name: the gauge shows whether either is open.
            Gauge.builder("bridge.target.circuit.open", circuits, c -> openAmong(c, name))
                    .description("1 while the target's circuit breaker is open or half-open").tag("target", name)
                    .strongReference(true).register(registry);
            return circuit;
        });
    }

    private static double openAmong(Map<String, TargetCircuit> circuits, String name) {
        return circuits.values().stream().anyMatch(c -> c.name().equals(name) && c.state() != TargetCircuit.State.CLOSED)
                ? 1 : 0;
    }

    private static boolean isProbe(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(PROBE, Boolean.class));
    }

    private static String header(HttpOperationFailedException http, String name) {
        Map<String, String> headers = http.getResponseHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
