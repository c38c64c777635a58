package io.webhookbridge.pacing;

import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final long CAP = 120_000;

    @Test
    void secondsAndHttpDatesBecomeACappedDelay() {
        assertEquals(OptionalLong.of(3000), RetryAfter.delayMs("3", CAP, NOW));
        assertEquals(OptionalLong.of(0), RetryAfter.delayMs(" 0 ", CAP, NOW));
        assertEquals(OptionalLong.of(CAP), RetryAfter.delayMs("86400", CAP, NOW));
        assertEquals(OptionalLong.of(CAP), RetryAfter.delayMs("99999999999999999999999", CAP, NOW));
        assertEquals(OptionalLong.of(30_000), RetryAfter.delayMs("Sat, 05 Dec 2026 10:00:30 GMT", CAP, NOW));
        assertEquals(OptionalLong.of(0), RetryAfter.delayMs("Sat, 05 Dec 2026 09:00:00 GMT", CAP, NOW));
        assertEquals(OptionalLong.of(CAP), RetryAfter.delayMs("Sun, 06 Dec 2026 10:00:00 GMT", CAP, NOW));
    }

    @Test
    void garbageCountsAsAbsent() {
        for (String value : new String[] {null, "", "  ", "-1", "1.5", "soon", "3 s", "Sat, 32 Dec 2026 10:00:30 GMT",
                "1".repeat(100), "3\r\nX-Injected: 1"}) {
            assertEquals(OptionalLong.empty(), RetryAfter.delayMs(value, CAP, NOW), String.valueOf(value));
        }
    }
}
