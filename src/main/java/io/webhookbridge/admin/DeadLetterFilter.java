package io.webhookbridge.admin;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import io.webhookbridge.event.EventHeaders;

/**
 * Which dead letters an operator means, from request parameters, as an Artemis filter. No request text reaches the
 * filter unchecked: the target and the kind must be ones the bridge knows, and every other value must match a strict
 * pattern that excludes quotes and the {@code LIKE} wildcards, so a parameter can never change the filter's meaning.
 *
 * @param conditions the Artemis filter's conditions, joined with AND
 * @param described  the accepted parameters, for the log line and the answer
 */
public record DeadLetterFilter(List<String> conditions, Map<String, String> described) {

    /** The dead-letter property naming the target whose delivery failed, as people read it (its masked URI). */
    static final String TARGET = "bridgeTarget";
    /**
     * The dead-letter property with the id of the target whose delivery failed: the one to filter and replay by, as two
     * targets that differ only in a secret share their masked URI.
     */
    static final String TARGET_ID = "bridgeTargetId";
    static final String REASON = "bridgeFailureReason";
    static final String STAGE = "bridgeFailedStage";

    private static final Pattern WORD = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final Pattern REASON_TEXT = Pattern.compile("[A-Za-z0-9 .:/=,-]{1,100}");
    private static final Set<String> KINDS = Set.of(EventHeaders.KIND_INBOUND_MESSAGE, EventHeaders.KIND_MESSAGE_STATUS,
            EventHeaders.KIND_INBOUND_SMS, EventHeaders.KIND_DELIVERY_RECEIPT);
    private static final Set<String> STAGES = Set.of("ingress", "delivery");
    /** The parameters a filter takes; anything else is refused, so a misspelt filter never widens a purge. */
    static final List<String> PARAMETERS = List.of("target", "reason", "kind", "channel", "status", "stage", "since", "until");

    /**
     * A filter from request parameters (absent ones are not filtered on; a blank one is refused, since taking it as
     * absent would widen a purge); {@code targets} are the bridge's targets, which a {@code target} parameter must name
     * by id or masked URI (a masked URI shared by several targets selects all of them).
     */
    public static DeadLetterFilter from(Function<String, String> parameters, Collection<DeliveryTarget> targets) {
        List<String> conditions = new ArrayList<>();
        Map<String, String> described = new LinkedHashMap<>();
        String target = value(parameters, "target");
        if (target != null) {
            List<String> ids = targets.stream().filter(t -> t.id().equals(target) || t.name().equals(target))
                    .map(DeliveryTarget::id).distinct().sorted().toList();
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("target: not a target of this bridge (see GET /admin/targets)");
            }
            conditions.add(TARGET_ID + " IN (" + String.join(", ", ids.stream().map(DeadLetterFilter::quote).toList()) + ")");
            described.put("target", String.join(",", ids));
        }
        String reason = value(parameters, "reason");
        if (reason != null) {
            require("reason", reason, REASON_TEXT, "letters, digits, spaces and . : / = , - (up to 100)");
            conditions.add(REASON + " LIKE '%" + reason + "%'");
            described.put("reason", reason);
        }
        String kind = value(parameters, "kind");
        if (kind != null) {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind: one of " + String.join(", ", KINDS.stream().sorted().toList()));
            }
            conditions.add(EventHeaders.KIND + " = '" + kind + "'");
            described.put("kind", kind);
        }
        word(parameters, "channel", EventHeaders.CHANNEL, conditions, described);
        word(parameters, "status", EventHeaders.STATUS, conditions, described);
        String stage = value(parameters, "stage");
        if (stage != null) {
            if (!STAGES.contains(stage)) {
                throw new IllegalArgumentException("stage: ingress or delivery");
            }
            conditions.add(STAGE + " = '" + stage + "'");
            described.put("stage", stage);
        }
        time(parameters, "since", ">=", conditions, described);
        time(parameters, "until", "<", conditions, described);
        return new DeadLetterFilter(List.copyOf(conditions), Collections.unmodifiableMap(described));
    }

    /** Whether this filter selects anything less than the whole queue. */
    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    /** This filter with more conditions (built by the bridge, never from request text). */
    DeadLetterFilter and(String... more) {
        List<String> all = new ArrayList<>(conditions);
        all.addAll(List.of(more));
        return new DeadLetterFilter(List.copyOf(all), described);
    }

    /** The Artemis filter string (also a valid JMS selector); null selects everything. */
    String artemisFilter() {
        return conditions.isEmpty() ? null : "(" + String.join(") AND (", conditions) + ")";
    }

    /** A string literal of an Artemis filter, for values the bridge itself holds (a target's masked URI). */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void word(Function<String, String> parameters, String name, String property, List<String> conditions,
            Map<String, String> described) {
        String value = value(parameters, name);
        if (value != null) {
            require(name, value, WORD, "lower-case letters, digits, _ and - (up to 40)");
            conditions.add(property + " = '" + value + "'");
            described.put(name, value);
        }
    }

    /** A bound on the time the event was dead-lettered: an ISO-8601 instant or epoch milliseconds. */
    private static void time(Function<String, String> parameters, String name, String operator, List<String> conditions,
            Map<String, String> described) {
        String value = value(parameters, name);
        if (value == null) {
            return;
        }
        long millis;
        try {
            millis = value.chars().allMatch(Character::isDigit) && value.length() <= 15 ? Long.parseLong(value)
                    : Instant.parse(value).toEpochMilli();
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            // DateTimeParseException for a malformed value; DateTimeException or ArithmeticException for a well-formed
            // one outside what an instant or epoch milliseconds can hold (year +999999999): a refused parameter, not a
            // failed call.
            throw new IllegalArgumentException(name + ": an ISO-8601 instant (2026-12-05T10:00:00Z) or epoch milliseconds");
        }
        conditions.add("AMQTimestamp " + operator + " " + millis);
        described.put(name, Instant.ofEpochMilli(millis).toString());
    }

    private static void require(String name, String value, Pattern pattern, String allowed) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": " + allowed);
        }
    }

    /**
     * The parameter's value, or null when it is absent. A present but blank one is refused: read as absent, a
     * {@code target=} meant for one target would purge or replay every target's entries.
     */
    private static String value(Function<String, String> parameters, String name) {
        String value = parameters.apply(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + ": empty; leave the parameter out to not filter on it");
        }
        return value.trim();
    }
}
