package io.webhookbridge.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.event.EventHeaders;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter queue as operators read it: pages of entries by filter, one entry with its body, counts by target
 * and reason, and purges. Reading browses the queue (nothing is consumed); a purge removes in the broker's own
 * transactions.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** An entry's id: its JMSMessageID without the {@code ID:} prefix. */
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");
    /** Distinct reasons counted per target before the rest are counted as {@code other}. */
    private static final int MAX_REASONS = 50;
    private static final int PURGE_BATCH = 1000;

    private final EmbeddedBroker broker;
    private final QueueControls queues;
    private final String queue;

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

    DeadLetters(EmbeddedBroker broker, QueueControls queues, String queue) {
        this.broker = broker;
        this.queues = queues;
        this.queue = queue;
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

    /** How many entries match, by target (none for refused webhooks) and by reason. */
    public Map<String, Object> count(DeadLetterFilter filter) throws JMSException {
        Map<String, Map<String, Long>> byTarget = new TreeMap<>();
        long[] total = {0};
        browse(filter, message -> {
            Entry entry = entry(message);
            total[0]++;
            Map<String, Long> reasons = byTarget.computeIfAbsent(entry.target() == null ? "none" : entry.target(),
                    t -> new TreeMap<>());
            String reason = entry.reason() == null ? "none" : entry.reason();
            if (!reasons.containsKey(reason) && reasons.size() >= MAX_REASONS) {
                reason = "other";
            }
            reasons.merge(reason, 1L, Long::sum);
            return true;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total[0]);
        out.put("byTarget", byTarget);
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
