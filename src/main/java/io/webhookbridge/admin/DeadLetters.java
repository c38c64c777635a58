package io.webhookbridge.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import io.webhookbridge.event.EventHeaders;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter queue as operators read it: pages of entries by filter, one entry with its body, counts by target
 * and reason, and purges. Listing browses the queue (nothing is consumed); counting is the broker's own count by
 * filter; a purge removes in the broker's own transactions.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** An entry's id: its JMSMessageID without the {@code ID:} prefix. */
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");
    /** Distinct reasons counted per target before the rest are counted as {@code other}. */
    private static final int MAX_REASONS = 50;
    private static final int PURGE_BATCH = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedBroker broker;
    private final QueueControls queues;
    private final String queue;
    private final Supplier<Collection<DeliveryTarget>> targets;

    /** One dead letter, without its body. */
    public record Entry(String id, long deadLetteredAt, String eventId, String target, String targetId, String stage,
            String reason, String kind, String channel, String status, String messageUuid) {

        /** The cursor of the page that starts after this entry. */
        String cursor() {
            return deadLetteredAt + "." + id;
        }
    }

    /** A page of entries, oldest first, and the cursor of the next page (null when this one is the last). */
    public record Page(List<Entry> entries, String next) {
    }

    DeadLetters(EmbeddedBroker broker, QueueControls queues, String queue, Supplier<Collection<DeliveryTarget>> targets) {
        this.broker = broker;
        this.queues = queues;
        this.queue = queue;
        this.targets = targets;
    }

    /**
     * Up to {@code limit} entries that match, in the order they were dead-lettered, after the cursor of an earlier
     * page. The whole queue is browsed (with the time bound of the cursor) and only the first {@code limit} entries
     * are kept, so a page costs memory for its own entries only.
     */
    public Page list(DeadLetterFilter filter, String cursor, int limit) throws JMSException {
        Entry after = parseCursor(cursor);
        DeadLetterFilter bounded = after == null ? filter : filter.and("AMQTimestamp >= " + after.deadLetteredAt());
        Comparator<Entry> order = Comparator.comparingLong(Entry::deadLetteredAt)
                .thenComparing(Entry::id, Comparator.nullsFirst(Comparator.naturalOrder()));
        TreeMap<Entry, Boolean> page = new TreeMap<>(order);
        browse(bounded, message -> {
            Entry entry = entry(message);
            if (after == null || order.compare(entry, after) > 0) {
                page.put(entry, Boolean.TRUE);
                if (page.size() > limit) {
                    page.pollLastEntry();
                }
            }
            return true;
        });
        List<Entry> entries = new ArrayList<>(page.keySet());
        String next = entries.size() == limit ? entries.get(entries.size() - 1).cursor() : null;
        return new Page(entries, next);
    }

    /** One entry and its body (the JSON the event had), or null when no entry has this id. */
    public Map<String, Object> show(String id) throws JMSException {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: a dead-letter id as listed (36 characters, hex digits and -)");
        }
        Map<String, Object> found = new LinkedHashMap<>();
        browse(new DeadLetterFilter(List.of("AMQUserID = 'ID:" + id + "'"), Map.of()), message -> {
            found.put("entry", entry(message));
            found.put("body", message instanceof TextMessage text ? text.getText() : null);
            return false;
        });
        return found.isEmpty() ? null : found;
    }

    /**
     * How many entries match, by target (its masked URI; none for refused webhooks) and by reason. Counted by the
     * broker ({@code QueueControl.countMessages} with a group-by property) over the queue as it holds it, so the answer
     * is exact whatever else runs, and costs no browsing session: first by target id, then each target's reasons.
     */
    public Map<String, Object> count(DeadLetterFilter filter) throws Exception {
        QueueControl control = queues.get(queue);
        Map<String, String> names = new HashMap<>();
        for (DeliveryTarget target : targets.get()) {
            names.put(target.id(), target.name());
        }
        Map<String, Map<String, Long>> byTarget = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> group : grouped(control, filter.and(DeadLetterFilter.TARGET_ID + " IS NOT NULL"),
                DeadLetterFilter.TARGET_ID).entrySet()) {
            String id = group.getKey();
            DeadLetterFilter ofTarget = filter.and(DeadLetterFilter.TARGET_ID + " = " + DeadLetterFilter.quote(id));
            String name = names.get(id);
            if (name == null) {
                // A target the bridge no longer has: the dead letters still say what it was.
                name = grouped(control, ofTarget.and(DeadLetterFilter.TARGET + " IS NOT NULL"), DeadLetterFilter.TARGET)
                        .keySet().stream().findFirst().orElse(id);
            }
            total += reasons(control, ofTarget, group.getValue(), byTarget.computeIfAbsent(name, n -> new TreeMap<>()));
        }
        DeadLetterFilter noTarget = filter.and(DeadLetterFilter.TARGET_ID + " IS NULL");
        long refused = control.countMessages(noTarget.artemisFilter());
        if (refused > 0) {
            total += reasons(control, noTarget, refused, byTarget.computeIfAbsent("none", n -> new TreeMap<>()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("byTarget", byTarget);
        return out;
    }

    /**
     * Adds the reasons of one group of {@code groupTotal} entries to {@code reasons}: past {@value #MAX_REASONS}
     * distinct reasons (the most frequent kept) the rest count as {@code other}, entries without one as {@code none}.
     * Returns what it added, so that the total is the sum of what is shown.
     */
    private static long reasons(QueueControl control, DeadLetterFilter group, long groupTotal, Map<String, Long> reasons)
            throws Exception {
        Map<String, Long> found = grouped(control, group.and(DeadLetterFilter.REASON + " IS NOT NULL"), DeadLetterFilter.REASON);
        long counted = 0;
        List<Map.Entry<String, Long>> byFrequency = new ArrayList<>(found.entrySet());
        byFrequency.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> reason : byFrequency) {
            String key = reasons.containsKey(reason.getKey()) || reasons.size() < MAX_REASONS ? reason.getKey() : "other";
            reasons.merge(key, reason.getValue(), Long::sum);
            counted += reason.getValue();
        }
        // Entries without a reason, and any that came or went between the broker's two counts.
        long rest = groupTotal - counted;
        if (rest > 0) {
            reasons.merge("none", rest, Long::sum);
            counted += rest;
        }
        return counted;
    }

    /** The broker's count of the matching messages by a property's value (messages without it are filtered out first). */
    private static Map<String, Long> grouped(QueueControl control, DeadLetterFilter filter, String property) throws Exception {
        JsonNode counts = JSON.readTree(control.countMessages(filter.artemisFilter(), property));
        Map<String, Long> out = new TreeMap<>();
        counts.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    /** Removes every entry that matches, for good. */
    public long purge(DeadLetterFilter filter) throws Exception {
        long purged = queues.get(queue).removeMessages(PURGE_BATCH, filter.artemisFilter());
        LOG.warn("Purged {} dead letters from {} matching {}", purged, queue,
                filter.isEmpty() ? "everything" : filter.described());
        return purged;
    }

    private interface Visitor {
        /** False stops the browsing. */
        boolean visit(Message message) throws JMSException;
    }

    private void browse(DeadLetterFilter filter, Visitor visitor) throws JMSException {
        try (ActiveMQConnectionFactory factory = broker.inVmConnectionFactory();
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String selector = filter.artemisFilter();
            QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector);
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                if (!visitor.visit((Message) messages.nextElement())) {
                    return;
                }
            }
        }
    }

    private static Entry entry(Message m) throws JMSException {
        String id = m.getJMSMessageID();
        return new Entry(id != null && id.startsWith("ID:") ? id.substring(3) : id, m.getJMSTimestamp(),
                m.getStringProperty(EventHeaders.EVENT_ID), m.getStringProperty(DeadLetterFilter.TARGET),
                m.getStringProperty(DeadLetterFilter.TARGET_ID), m.getStringProperty(DeadLetterFilter.STAGE), m.getStringProperty(DeadLetterFilter.REASON),
                m.getStringProperty(EventHeaders.KIND), m.getStringProperty(EventHeaders.CHANNEL),
                m.getStringProperty(EventHeaders.STATUS), m.getStringProperty(EventHeaders.MESSAGE_UUID));
    }

    private static Entry parseCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot > 15 || !cursor.substring(0, dot).chars().allMatch(Character::isDigit)
                || !ID.matcher(cursor.substring(dot + 1)).matches()) {
            throw new IllegalArgumentException("cursor: the value of next from the previous page");
        }
        return new Entry(cursor.substring(dot + 1), Long.parseLong(cursor.substring(0, dot)), null, null, null, null, null,
                null, null, null, null);
    }
}
