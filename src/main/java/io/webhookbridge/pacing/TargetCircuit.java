package io.webhookbridge.pacing;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's circuit breaker. Closed: every attempt goes out, and {@code threshold} consecutive failures open it.
 * Open: the target's queue is paused (not persisted, so it is told apart from an operator's pause) for the cool-down,
 * then resumed, half-open: the first attempt probes the target and the queue is paused again until it tells. A success closes the circuit; a failed probe opens it again.
 * The circuit only pauses a queue it found running, and only resumes a queue it paused itself and nobody has paused
 * since.
 */
final class TargetCircuit {

    enum State { CLOSED, OPEN, HALF_OPEN }

    /** What the gate says about one attempt. */
    enum Admission { GO, PROBE, HOLD }

    private static final Logger LOG = LoggerFactory.getLogger("io.webhookbridge.delivery");

    private final String target;
    private final String queue;
    private final int threshold;
    private final long cooldownMs;
    private final QueuePause pauses;
    private final ScheduledExecutorService timer;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openUntil;
    private long probeSince;
    private boolean pausedQueue;
    private long openings;

    TargetCircuit(String target, String queue, int threshold, long cooldownMs, QueuePause pauses,
            ScheduledExecutorService timer) {
        this.target = target;
        this.queue = queue;
        this.threshold = threshold;
        this.cooldownMs = cooldownMs;
        this.pauses = pauses;
        this.timer = timer;
    }

    String name() {
        return target;
    }

    synchronized State state() {
        return state;
    }

    /** Milliseconds until the cool-down ends (0 when not open). */
    synchronized long remainingCooldownMs(long now) {
        return state == State.OPEN ? Math.max(0, openUntil - now) : 0;
    }

    synchronized Admission admit(long now) {
        switch (state) {
            case CLOSED:
                return Admission.GO;
            case OPEN:
                return Admission.HOLD;
            default:
                // A probe that never reported back (its route was stopped, say) must not hold the circuit half-open.
                if (probeSince == 0 || now - probeSince > cooldownMs) {
                    probeSince = now;
                    // The rest of the backlog waits in the paused queue until the probe tells, instead of each event
                    // going round the queue every hold delay.
                    if (!pausedQueue && !pauses.paused(queue)) {
                        pausedQueue = pauses.pause(queue, false);
                    }
                    long probe = now;
                    timer.schedule(() -> probeOverdue(probe), cooldownMs, TimeUnit.MILLISECONDS);
                    return Admission.PROBE;
                }
                return Admission.HOLD;
        }
    }

    /**
     * Records a failed attempt; true when the circuit is not closed afterwards (this failure opened it, or it was
     * already open), so that the attempt is not held against the event.
     */
    synchronized boolean failed(boolean probe, long now) {
        if (threshold <= 0) {
            return false;
        }
        switch (state) {
            case CLOSED:
                if (++consecutiveFailures >= threshold) {
                    open(now, true);
                    return true;
                }
                return false;
            case HALF_OPEN:
                if (probe) {
                    probeSince = 0;
                    open(now, false);
                }
                return true;
            default:
                return true;
        }
    }

    synchronized void succeeded(boolean probe) {
        consecutiveFailures = 0;
        if (probe) {
            probeSince = 0;
        }
        if (state != State.CLOSED) {
            if (pausedQueue && !pauses.pausedByOperator(queue)) {
                pauses.resume(queue);
            }
            pausedQueue = false;
            state = State.CLOSED;
            LOG.info("Circuit for target {} closed: a delivery succeeded, its queue {} flows again", target, queue);
        }
    }

    /**
     * The probe ended without telling whether the target takes events (410 Gone, handled on its own; an answer about
     * the event only): resume the queue so that another event probes.
     */
    synchronized void probeEnded() {
        probeSince = 0;
        if (state == State.HALF_OPEN && pausedQueue) {
            if (!pauses.pausedByOperator(queue)) {
                pauses.resume(queue);
            }
            pausedQueue = false;
        }
    }

    private void open(long now, boolean fromClosed) {
        state = State.OPEN;
        openUntil = now + cooldownMs;
        if (!pausedQueue && !pauses.paused(queue)) {
            pausedQueue = pauses.pause(queue, false);
        }
        if (fromClosed) {
            LOG.warn("Circuit for target {} opened after {} consecutive failed deliveries: queue {} paused for {} s, then "
                    + "one delivery probes the target", target, consecutiveFailures, queue, cooldownMs / 1000.0);
        } else {
            LOG.info("Circuit for target {} stays open: the probe failed, queue {} paused for another {} s", target, queue,
                    cooldownMs / 1000.0);
        }
        consecutiveFailures = 0;
        long opening = ++openings;
        timer.schedule(() -> halfOpen(opening), cooldownMs, TimeUnit.MILLISECONDS);
    }

    /** A probe that never told (its route was stopped, say): resume the queue, so that another event can probe. */
    private synchronized void probeOverdue(long probe) {
        if (state == State.HALF_OPEN && probeSince == probe) {
            probeSince = 0;
            if (pausedQueue && !pauses.pausedByOperator(queue)) {
                pauses.resume(queue);
            }
            pausedQueue = false;
        }
    }

    private synchronized void halfOpen(long opening) {
        if (state != State.OPEN || opening != openings) {
            return;
        }
        state = State.HALF_OPEN;
        probeSince = 0;
        if (pausedQueue) {
            // An operator who paused the queue meanwhile made the pause persistent: theirs to lift.
            if (!pauses.pausedByOperator(queue)) {
                pauses.resume(queue);
            }
            pausedQueue = false;
        }
    }
}
