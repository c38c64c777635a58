package io.webhookbridge.console;

import java.util.function.LongSupplier;

/**
 * Bounds what guessing the management token through the sign-in form can cost: after {@code maxFailures} wrong tokens
 * within a window, every sign-in is refused until the window ends. One counter for all callers, so guessing creates
 * no state per caller; callers with the bearer token are not affected.
 */
final class SignInLimiter {

    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private long windowStart;
    private int failures;

    SignInLimiter(int maxFailures, long windowMillis, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** 0 when a sign-in may be tried now, else the seconds until it may. */
    synchronized long secondsToWait() {
        roll();
        if (failures < maxFailures) {
            return 0;
        }
        return Math.max(1, (windowStart + windowMillis - clock.getAsLong() + 999) / 1000);
    }

    synchronized void failed() {
        roll();
        failures++;
    }

    private void roll() {
        long now = clock.getAsLong();
        if (now - windowStart >= windowMillis) {
            windowStart = now;
            failures = 0;
        }
    }
}
