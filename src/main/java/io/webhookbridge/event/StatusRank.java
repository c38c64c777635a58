package io.webhookbridge.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;

/**
 * Where a status stands in a message's life, so that a consumer (or the bridge, with BRIDGE_DROP_STALE_STATUS) can
 * tell a late status from a current one: {@code vonageStatusRank} (submitted 1 &lt; delivered 2 &lt; read 3; a final
 * failure 4) and {@code vonageStatusTimestamp}, the payload's own time of the status in ISO-8601 UTC. Both APIs map
 * onto the same ranks, so one rule serves every status event.
 */
public final class StatusRank {

    public static final String RANK = "vonageStatusRank";
    public static final String TIMESTAMP = "vonageStatusTimestamp";

    public static final int SUBMITTED = 1;
    public static final int DELIVERED = 2;
    public static final int READ = 3;
    public static final int FINAL = 4;

    private static final Map<String, Integer> MESSAGES = Map.of(
            "submitted", SUBMITTED, "delivered", DELIVERED, "read", READ,
            "rejected", FINAL, "undeliverable", FINAL, "failed", FINAL, "expired", FINAL);
    /** SMS API receipts: accepted and buffered are still on their way, like a submitted message. */
    private static final Map<String, Integer> SMS_RECEIPTS = Map.of(
            "accepted", SUBMITTED, "buffered", SUBMITTED, "delivered", DELIVERED,
            "expired", FINAL, "failed", FINAL, "rejected", FINAL);

    /** Longer than any timestamp format Vonage uses: anything longer is not parsed at all. */
    private static final int MAX_TIMESTAMP_LENGTH = 40;
    /** A Messages API timestamp as one older SMS status carries it: "2020-01-01 14:00:00 +0000". */
    private static final DateTimeFormatter SPACED_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** An SMS API message-timestamp, UTC: "2020-07-17 02:34:35". */
    private static final DateTimeFormatter SPACED_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** A carrier's scts, YYMMDDHHMM, taken as UTC. */
    private static final DateTimeFormatter SCTS = DateTimeFormatter.ofPattern("uuMMddHHmm", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private StatusRank() {
    }

    /** The rank of a Messages API status, or null for a status without a place in the order (or none). */
    public static Integer ofMessageStatus(String status) {
        return status == null ? null : MESSAGES.get(status.toLowerCase(Locale.ROOT));
    }

    /** The rank of an SMS API delivery receipt's status, or null for {@code unknown} and anything else. */
    public static Integer ofReceiptStatus(String status) {
        return status == null ? null : SMS_RECEIPTS.get(status.toLowerCase(Locale.ROOT));
    }

    /**
     * A Messages API {@code timestamp} in ISO-8601 UTC: ISO with or without fraction and offset, or
     * "yyyy-MM-dd HH:mm:ss +hhmm"; null when absent or unparsable.
     */
    public static String messageTimestamp(String value) {
        if (!parsable(value)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toString();
        } catch (DateTimeParseException e) {
            return utc(value, SPACED_WITH_OFFSET, true);
        }
    }

    /**
     * An SMS API receipt's time in ISO-8601 UTC: its {@code message-timestamp} (UTC, "yyyy-MM-dd HH:mm:ss", or ISO),
     * else the carrier's {@code scts} (YYMMDDHHMM, minutes only); null when neither parses.
     */
    public static String receiptTimestamp(String messageTimestamp, String scts) {
        if (parsable(messageTimestamp)) {
            String parsed = utc(messageTimestamp, SPACED_UTC, false);
            if (parsed == null) {
                parsed = messageTimestamp(messageTimestamp);
            }
            if (parsed != null) {
                return parsed;
            }
        }
        if (scts != null && scts.length() == 10) {
            try {
                return LocalDateTime.parse(scts, SCTS).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean parsable(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_TIMESTAMP_LENGTH;
    }

    private static String utc(String value, DateTimeFormatter format, boolean withOffset) {
        try {
            Instant instant = withOffset ? OffsetDateTime.parse(value, format).toInstant()
                    : LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC);
            return instant.toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
