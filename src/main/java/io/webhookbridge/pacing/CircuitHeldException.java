package io.webhookbridge.pacing;

/**
 * Thrown before an attempt that must not reach the target: its queue is paused, or its circuit is open, or the one
 * probe of a half-open circuit is already under way. The event goes back on its queue without the attempt counting.
 */
public final class CircuitHeldException extends Exception {

    public CircuitHeldException(String message) {
        super(message, null, false, false);
    }
}
