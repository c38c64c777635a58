package io.webhookbridge.pacing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * A target's {@code Retry-After} header (RFC 9110: delay-seconds or an HTTP-date) as a delay in milliseconds, capped,
 * so that a target cannot park an event for longer than the broker's own longest backoff. Anything else, including
 * a value too long to be a sane number or date, counts as absent.
 */
public final class RetryAfter {

    private static final int MAX_LENGTH = 64;

    private RetryAfter() {
    }

    /** The delay, between 0 and {@code capMs}; empty when the value is missing or not a valid Retry-After. */
    public static OptionalLong delayMs(String value, long capMs, Instant now) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String text = value.trim();
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return OptionalLong.empty();
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // More digits than a long holds is still "a very long time": the cap applies.
            long seconds = text.length() > 12 ? Long.MAX_VALUE / 1000 : Long.parseLong(text);
            return OptionalLong.of(Math.min(capMs, seconds * 1000));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long ms = Duration.between(now, at).toMillis();
            return OptionalLong.of(Math.max(0, Math.min(capMs, ms)));
        } catch (DateTimeParseException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
