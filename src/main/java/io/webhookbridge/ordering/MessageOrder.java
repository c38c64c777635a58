package io.webhookbridge.ordering;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a message's events in arrival order to a target across retries (bean {@code messageOrder}, a gate of the
 * delivery template and a step of the route {@code reschedule-delivery}). Artemis hands a message's events (its group)
 * to one consumer in order, but a failed event goes back on the queue for later and the events behind it would pass
 * it; and events that come due while the queue is paused or busy go to its front in reverse order of their due times.
 * So when an event of a message goes back on its queue, the message is held: it gets a line, the event is its head,
 * and every later event of the message that reaches the gate meanwhile takes the next place in the line and goes
 * back on the queue too, uncounted, due just after the head. The place is carried by the event itself (header
 * {@value #PLACE}); it frees when its event is delivered, parked or dropped, and the next one goes.
 * <p>
 * Lines live in memory, per target, at most {@code maxHeld} messages each (at the bound, lines untouched for the
 * longest are let go first, and a message that finds no room is not held; both are counted). After a restart the
 * events go in the order they come back. A head that never comes back (removed from the queue by hand, say) is
 * passed over once the events behind it have come back continuously for {@code stallMs} without it: counted and
 * logged at WARN.
 */
public final class MessageOrder {

    /** Header on an event put back on its queue: its place, "&lt;run&gt;:&lt;line&gt;:&lt;n&gt;". */
    public static final String PLACE = "bridgeOrderPlace";
    /** Artemis's group id as the JMS consumer sees it: the event's message. */
    static final String GROUP = "JMSXGroupID";
    /** Artemis scheduled delivery (epoch ms), set by the reschedule route before it asks {@link #requeued}. */
    static final String DUE = "_AMQ_SCHED_DELIVERY";
    private static final Logger LOG = LoggerFactory.getLogger("io.webhookbridge.delivery");
    /** Exchange properties the delivery template sets: the target's id (state) and its masked URI (meter label). */
    private static final String TARGET_ID = "bridgeTargetId";
    private static final String TARGET = "bridgeTarget";
    private static final String QUEUE = "bridgeDeliveryQueue";
    private static final String EVENT_ID = "bridgeEventId";
    /** Exchange properties of this class. */
    private static final String GROUPED = "bridgeOrderGrouped";
    private static final String LINE = "bridgeOrderLine";
    private static final String HEADS = "bridgeOrderHeads";
    private static final String GIVEN = "bridgeOrderGiven";
    private static final String REQUEUED = "bridgeOrderRequeued";
    /** How soon a held event is looked at again when its head is overdue or under way, and the spacing of the line. */
    private static final long RECHECK_MS = 1000;
    private static final long SPACING_MS = 10;
    /** A pause longer than this between two sightings of a line's held events means its queue stopped, not its head. */
    private static final long SIGHTING_GAP_MS = 5 * RECHECK_MS;
    /** Places kept for events whose going back on the queue failed, per line: a bound on a pathological case. */
    private static final int MAX_ABANDONED = 64;

    /** Tells this process's places from those of an earlier run, whose lines are gone. */
    private final String run;
    private final AtomicLong lineSerials = new AtomicLong();
    private final int maxHeld;
    private final long stallMs;
    private final MeterRegistry registry;
    private final Clock clock;
    /** Whether a delivery queue (first) still holds the event with this place (second), ready to be handed out. */
    private final BiPredicate<String, String> stillQueued;
    /** One set of lines per target; targets come only from the configuration and the routing rules. */
    private final Map<String, Lines> byTarget = new ConcurrentHashMap<>();

    public MessageOrder(int maxHeld, long stallMs, MeterRegistry registry, Clock clock,
            BiPredicate<String, String> stillQueued) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("bridge.ordering.max-held-messages must be at least 1");
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.run = HexFormat.of().formatHex(random);
        this.maxHeld = maxHeld;
        this.stallMs = stallMs;
        this.registry = registry;
        this.clock = clock;
        this.stillQueued = stillQueued;
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
        long now = clock.millis();
        synchronized (line) {
            if (line.closed) {
                return;
            }
            line.touchedAt = now;
            long place = place(exchange, line);
            if (place >= 0 && place < line.next) {
                // A place already passed: the broker redelivers an event whose delivery ended but did not commit.
                return;
            }
            if (place < 0) {
                Long reserved = line.reserved.remove(eventId(exchange));
                place = reserved != null ? reserved : line.end++;
                exchange.getExchangeExtension().addOnCompletion(new GiveBack(lines, group, line, place));
            }
            if (place != line.next && headLost(line, now, exchange.getProperty(QUEUE, String.class))) {
                lines.skipped.increment();
                LOG.warn("Event {} waited {} s behind place {} of its message's line, which has not come back since it "
                        + "was due; the line moves on without it", eventId(exchange), stallMs / 1000, line.next);
                line.pass();
                line.overdueSince = 0;
                line.headDueAt = now;
            }
            exchange.setProperty(LINE, line);
            exchange.setProperty(GIVEN, place);
            if (place == line.next) {
                line.headDueAt = now;
                line.overdueSince = 0;
                exchange.setProperty(HEADS, true);
                exchange.getExchangeExtension().addOnCompletion(new Advance(lines, group, line, place));
                return;
            }
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
        Line line = exchange.getProperty(LINE, Line.class);
        if (line != null) {
            // In a line already: the head keeps its place and sets when the others may look again; the others keep theirs.
            long place = exchange.getProperty(GIVEN, Long.class);
            synchronized (line) {
                if (Boolean.TRUE.equals(exchange.getProperty(HEADS, Boolean.class))) {
                    exchange.setProperty(REQUEUED, true);
                    line.headDueAt = exchange.getMessage().getHeader(DUE, clock.millis(), Long.class);
                }
                exchange.getMessage().setHeader(PLACE, run + ":" + line.serial + ":" + place);
            }
            return;
        }
        long due = exchange.getMessage().getHeader(DUE, clock.millis(), Long.class);
        Lines lines = lines(exchange);
        for (int tries = 0; tries < 3; tries++) {
            if (lines.held.size() >= maxHeld && !lines.held.containsKey(group)) {
                lines.letGoStalest(maxHeld);
            }
            Line created = lines.held.computeIfAbsent(group,
                    g -> lines.held.size() >= maxHeld ? null : new Line(lineSerials.incrementAndGet(), due, clock.millis()));
            if (created == null) {
                lines.unheld.increment();
                return;
            }
            synchronized (created) {
                if (created.closed) {
                    continue;
                }
                long place = created.end++;
                created.touchedAt = clock.millis();
                exchange.getExchangeExtension().addOnCompletion(new GiveBack(lines, group, created, place));
                exchange.getMessage().setHeader(PLACE, run + ":" + created.serial + ":" + place);
                return;
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

    /**
     * The head is overdue and the events behind it keep coming back without it, with no gap that would say the queue
     * stopped (paused, circuit open, a consumer busy), for {@code stallMs}; and the queue does not hold it either (a
     * circuit that opens and probes every second or two leaves no such gap, and due events can come out of a paused
     * queue in reverse order): it is not coming.
     */
    private boolean headLost(Line line, long now, String queue) {
        if (now <= line.headDueAt + RECHECK_MS) {
            line.overdueSince = 0;
            return false;
        }
        if (line.overdueSince == 0 || now - line.lastSighting > SIGHTING_GAP_MS) {
            line.overdueSince = now;
        }
        line.lastSighting = now;
        if (now - line.overdueSince < stallMs) {
            return false;
        }
        if (stillQueued.test(queue, run + ":" + line.serial + ":" + line.next)) {
            // Still there, behind the events that came out first: wait another stall before asking again.
            line.overdueSince = now;
            return false;
        }
        return true;
    }

    /** This line's place from the event's header; -1 for none, or one from another line or an earlier run. */
    private long place(Exchange exchange, Line line) {
        String value = exchange.getMessage().getHeader(PLACE, String.class);
        String prefix = run + ":" + line.serial + ":";
        if (value == null || value.length() > 60 || !value.startsWith(prefix)) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(value.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String eventId(Exchange exchange) {
        return String.valueOf(exchange.getMessage().getHeader(EVENT_ID, String.class));
    }

    private static String target(Exchange exchange) {
        return exchange.getProperty(TARGET_ID, "other", String.class);
    }

    private Lines lines(Exchange exchange) {
        return byTarget.computeIfAbsent(target(exchange), id -> {
            String name = exchange.getProperty(TARGET, "other", String.class);
            Lines lines = new Lines(name, Counter.builder("bridge.target.order.unheld")
                    .description("Messages that found no room among the held ones (bridge.ordering.max-held-messages), "
                            + "or were let go to make room: their later events may pass an earlier one")
                    .tag("target", name).register(registry),
                    Counter.builder("bridge.target.order.skipped")
                            .description("Events never seen again that a message's later events stopped waiting for")
                            .tag("target", name).register(registry));
            // Two targets differing only in a secret share a masked name: the gauge adds theirs up.
            Gauge.builder("bridge.target.held.messages", byTarget, all -> heldAmong(all, name))
                    .description("Messages whose later events wait for an earlier one's retry")
                    .tag("target", name).strongReference(true).register(registry);
            return lines;
        });
    }

    private static double heldAmong(Map<String, Lines> all, String name) {
        return all.values().stream().filter(l -> name.equals(l.name)).mapToInt(l -> l.held.size()).sum();
    }

    /** One target's held messages. */
    private static final class Lines {
        final Map<String, Line> held = new ConcurrentHashMap<>();
        final String name;
        final Counter unheld;
        final Counter skipped;

        Lines(String name, Counter unheld, Counter skipped) {
            this.name = name;
            this.unheld = unheld;
            this.skipped = skipped;
        }

        /**
         * At the bound: the lines untouched for the longest go (their messages' order is no longer kept), a hundredth
         * of them at once, so that one scan makes room for many new lines.
         */
        void letGoStalest(int bound) {
            // The times are copied first: a line touched during the sort must not change its order mid-sort.
            List<Aged> all = new ArrayList<>(held.size());
            held.forEach((group, line) -> all.add(new Aged(group, line, line.touchedAt)));
            all.sort(Comparator.comparingLong(Aged::touchedAt));
            for (Aged aged : all.subList(0, Math.min(all.size(), Math.max(1, bound / 100)))) {
                synchronized (aged.line()) {
                    aged.line().closed = true;
                }
                if (held.remove(aged.group(), aged.line())) {
                    unheld.increment();
                }
            }
        }
    }

    private record Aged(String group, Line line, long touchedAt) {
    }

    /** One message's line: places {@code next} (the head) up to {@code end} (exclusive) are taken. */
    private static final class Line {
        final long serial;
        long next;
        long end;
        long headDueAt;
        long touchedAt;
        /** Since when the events behind an overdue head have been coming back without it, and the last of them. */
        long overdueSince;
        long lastSighting;
        /**
         * Places whose events went back on the queue without them (their transaction failed): kept for the event, by
         * its id, so that it takes the same place when it comes again; past the bound, skipped when their turn comes.
         */
        final Map<String, Long> reserved = new HashMap<>();
        final Set<Long> abandoned = new HashSet<>();
        boolean closed;

        Line(long serial, long headDueAt, long now) {
            this.serial = serial;
            this.headDueAt = headDueAt;
            this.touchedAt = now;
        }

        /** The head is done (or gone): the next place, past any whose events will not come. */
        void pass() {
            next++;
            while (abandoned.remove(next)) {
                next++;
            }
        }
    }

    /** What happens to one taken place when the exchange that holds it ends. */
    private abstract static class PlaceHook extends SynchronizationAdapter {
        final Lines lines;
        final String group;
        final Line line;
        final long place;

        PlaceHook(Lines lines, String group, Line line, long place) {
            this.lines = lines;
            this.group = group;
            this.line = line;
            this.place = place;
        }

        /** Ends the line once no place in it is taken; call holding the line's lock. */
        void releaseIfDone() {
            if (line.next >= line.end) {
                line.closed = true;
                lines.held.remove(group, line);
            }
        }
    }

    /** Frees the head's place once its delivery ended here (delivered, parked, dropped), not when it went back. */
    private static final class Advance extends PlaceHook {

        Advance(Lines lines, String group, Line line, long place) {
            super(lines, group, line, place);
        }

        @Override
        public void onComplete(Exchange exchange) {
            if (Boolean.TRUE.equals(exchange.getProperty(REQUEUED, Boolean.class))) {
                return;
            }
            synchronized (line) {
                if (line.next == place) {
                    line.pass();
                }
                releaseIfDone();
            }
        }
    }

    /**
     * A place taken by an event whose going back on the queue then failed: the broker redelivers the event as it was,
     * without the place, so the place is kept for it (or, past the bound, the line does not wait for it).
     */
    private static final class GiveBack extends PlaceHook {

        GiveBack(Lines lines, String group, Line line, long place) {
            super(lines, group, line, place);
        }

        @Override
        public void onFailure(Exchange exchange) {
            synchronized (line) {
                if (line.closed) {
                    return;
                }
                if (line.reserved.size() < MAX_ABANDONED) {
                    // The broker hands the event out again as it came, without the place: it takes this one again.
                    line.reserved.put(eventId(exchange), place);
                    return;
                }
                if (place == line.end - 1) {
                    line.end--;
                } else if (place == line.next) {
                    line.pass();
                } else if (line.abandoned.size() < MAX_ABANDONED) {
                    line.abandoned.add(place);
                }
                releaseIfDone();
            }
        }
    }
}
