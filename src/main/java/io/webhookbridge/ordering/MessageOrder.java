package io.webhookbridge.ordering;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Keeps a message's events in arrival order to a target across retries (bean {@code messageOrder}, a gate of the
 * delivery template and a step of the route {@code reschedule-delivery}). Artemis hands a message's events (its group)
 * to one consumer in order, but a failed event goes back on the queue for later and the events behind it would pass
 * it. So when an event of a message goes back on its queue, the message is held: it gets a line, the event is its
 * head, and every later event of the message that reaches the gate meanwhile takes the next place in the line and
 * goes back on the queue too, uncounted, due just after the head. The head's place is carried by the event itself
 * (header {@value #PLACE}); a place frees when its event is delivered, parked or dropped, and the next one goes.
 * <p>
 * Lines live in memory, per target, at most {@code maxHeld} messages each (beyond that a message is not held, and
 * counted); after a restart, or when a head has not come back {@code stallMs} after it was due (an operator moved it,
 * say), the events go in the order they come back, which is the order they were due.
 */
public final class MessageOrder {

    /** Header on an event put back on its queue: its place in its message's line, "&lt;run&gt;:&lt;n&gt;". */
    public static final String PLACE = "bridgeOrderPlace";
    /** Artemis's group id as the JMS consumer sees it: the event's message. */
    static final String GROUP = "JMSXGroupID";
    /** Artemis scheduled delivery (epoch ms), set by the reschedule route before it asks {@link #requeued}. */
    static final String DUE = "_AMQ_SCHED_DELIVERY";
    /** Exchange properties the delivery template sets: the target's id (state) and its masked URI (meter label). */
    private static final String TARGET_ID = "bridgeTargetId";
    private static final String TARGET = "bridgeTarget";
    /** Exchange properties of this class: the line the event heads; the place given to an event held at the gate. */
    private static final String HEADS = "bridgeOrderHeads";
    private static final String GIVEN = "bridgeOrderGiven";
    private static final String REQUEUED = "bridgeOrderRequeued";
    private static final String GROUPED = "bridgeOrderGrouped";
    /** How soon a held event is looked at again when its head is overdue or under way, and the spacing of the line. */
    private static final long RECHECK_MS = 1000;
    private static final long SPACING_MS = 10;

    /** Tells this process's places from those of an earlier run, whose lines are gone. */
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final int maxHeld;
    private final long stallMs;
    private final MeterRegistry registry;
    /** One set of lines per target; targets come only from the configuration and the routing rules. */
    private final Map<String, Lines> byTarget = new ConcurrentHashMap<>();

    public MessageOrder(int maxHeld, long stallMs, MeterRegistry registry) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("bridge.ordering.max-held-messages must be at least 1");
        }
        this.maxHeld = maxHeld;
        this.stallMs = stallMs;
        this.registry = registry;
    }

    /** The gate before an attempt: throws when an earlier event of the same message is waiting for its retry. */
    public void admit(Exchange exchange) throws OrderHeldException {
        String group = exchange.getMessage().getHeader(GROUP, String.class);
        if (group == null) {
            return;
        }
        exchange.setProperty(GROUPED, true);
        Lines lines = byTarget.get(target(exchange));
        Line line = lines == null ? null : lines.held.get(group);
        if (line == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long place = place(exchange);
        synchronized (line) {
            if (line.closed) {
                return;
            }
            if (place < 0) {
                place = line.end++;
            } else if (place < line.next) {
                // A place already passed: the broker redelivers an event whose delivery ended but did not commit.
                return;
            } else if (place == line.next || now > line.headDueAt + stallMs) {
                line.next = place;
                line.headDueAt = now;
                exchange.setProperty(HEADS, line);
                exchange.getExchangeExtension().addOnCompletion(new Advance(lines, group, line, place));
                return;
            }
            exchange.setProperty(GIVEN, place);
            long behind = Math.min(100, place - line.next);
            throw new OrderHeldException(Math.max(line.headDueAt, now + RECHECK_MS) + behind * SPACING_MS);
        }
    }

    /**
     * An event goes back on its queue (a failed attempt, a Retry-After, an open circuit, or held at the gate): it
     * keeps or takes its place, and its message stays held until it is done. Sets {@value #PLACE} on the message.
     */
    public void requeued(Exchange exchange) {
        String group = exchange.getMessage().getHeader(GROUP, String.class);
        exchange.getMessage().removeHeader(PLACE);
        if (group == null) {
            return;
        }
        Long given = exchange.getProperty(GIVEN, Long.class);
        if (given != null) {
            exchange.getMessage().setHeader(PLACE, run + ":" + given);
            return;
        }
        long due = exchange.getMessage().getHeader(DUE, System.currentTimeMillis(), Long.class);
        exchange.setProperty(REQUEUED, true);
        Line heads = exchange.getProperty(HEADS, Line.class);
        if (heads != null) {
            synchronized (heads) {
                heads.headDueAt = due;
                exchange.getMessage().setHeader(PLACE, run + ":" + heads.next);
            }
            return;
        }
        Lines lines = lines(exchange);
        Line line = lines.held.computeIfAbsent(group, g -> lines.held.size() >= maxHeld ? null : new Line(due));
        if (line == null) {
            lines.unheld.increment();
            return;
        }
        synchronized (line) {
            long place = line.closed ? -1 : line.end++;
            if (place >= 0) {
                exchange.getMessage().setHeader(PLACE, run + ":" + place);
            }
        }
    }

    /**
     * Whether a failed attempt of this event must go back on its queue itself rather than be rolled back for the
     * broker's redelivery delay, during which the message's later events would pass it: true for an event of a message.
     */
    public static boolean keepsPlace(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(GROUPED, Boolean.class));
    }

    /** The messages now held for a target (for tests and the gauge). */
    int held(String targetId) {
        Lines lines = byTarget.get(targetId);
        return lines == null ? 0 : lines.held.size();
    }

    private long place(Exchange exchange) {
        String value = exchange.getMessage().getHeader(PLACE, String.class);
        if (value == null || value.length() > 40 || !value.startsWith(run) || value.length() < run.length() + 2
                || value.charAt(run.length()) != ':') {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(value.substring(run.length() + 1)));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String target(Exchange exchange) {
        return exchange.getProperty(TARGET_ID, "other", String.class);
    }

    private Lines lines(Exchange exchange) {
        return byTarget.computeIfAbsent(target(exchange), id -> {
            String name = exchange.getProperty(TARGET, "other", String.class);
            Lines lines = new Lines(Counter.builder("bridge.target.order.unheld")
                    .description("Events that went back on their queue while the target already held its most messages "
                            + "(bridge.ordering.max-held-messages): events of their message may pass them")
                    .tag("target", name).register(registry));
            // Two targets differing only in a secret share a masked name: the gauge adds theirs up.
            Gauge.builder("bridge.target.held.messages", byTarget, all -> heldAmong(all, name))
                    .description("Messages whose later events wait for an earlier one's retry")
                    .tag("target", name).strongReference(true).register(registry);
            lines.name = name;
            return lines;
        });
    }

    private static double heldAmong(Map<String, Lines> all, String name) {
        return all.values().stream().filter(l -> name.equals(l.name)).mapToInt(l -> l.held.size()).sum();
    }

    /** One target's held messages. */
    private static final class Lines {
        final Map<String, Line> held = new ConcurrentHashMap<>();
        final Counter unheld;
        volatile String name;

        Lines(Counter unheld) {
            this.unheld = unheld;
        }
    }

    /** One message's line: places {@code next} (the head) up to {@code end} (exclusive) are taken. */
    private static final class Line {
        long next;
        long end;
        long headDueAt;
        boolean closed;

        Line(long headDueAt) {
            this.headDueAt = headDueAt;
        }
    }

    /** Frees the head's place once its delivery ended here (delivered, parked, dropped), not when it went back. */
    private static final class Advance extends SynchronizationAdapter {
        private final Lines lines;
        private final String group;
        private final Line line;
        private final long place;

        Advance(Lines lines, String group, Line line, long place) {
            this.lines = lines;
            this.group = group;
            this.line = line;
            this.place = place;
        }

        @Override
        public void onComplete(Exchange exchange) {
            if (Boolean.TRUE.equals(exchange.getProperty(REQUEUED, Boolean.class))) {
                return;
            }
            synchronized (line) {
                if (line.next == place) {
                    line.next++;
                }
                if (line.next >= line.end) {
                    line.closed = true;
                    lines.held.remove(group, line);
                }
            }
        }
    }
}
