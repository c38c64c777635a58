package io.webhookbridge.ordering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves, for the in-memory windows of this package. */
final class MovingClock extends Clock {

    private Instant now = Instant.parse("2025-06-02T12:00:00Z");

    void advance(Duration by) {
        now = now.plus(by);
    }

    void advance(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
