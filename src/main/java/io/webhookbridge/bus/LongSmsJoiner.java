package io.webhookbridge.bus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.webhookbridge.event.SafeText;
import io.webhookbridge.sms.SmsClassifier;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the parts of long inbound SMS across bridge instances. Every instance forwards each part to one queue on the
 * bus with {@code JMSXGroupID} = the part's concat key, so Artemis hands all parts of one SMS to one consumer among
 * all instances; this is that consumer, one per instance.
 * <p>
 * A part stays unacknowledged on the bus until its joined event is stored on the local journal (sent to
 * {@code joinedEndpoint}, which stores it on the staging queue, deduplicated by the set's dedupe key); only then are
 * the parts acknowledged. If this instance dies, the bus redelivers the parts it held and gives the group to another
 * consumer; on any error the consumer drops what it holds and reconnects, so the bus redelivers that too. A set still
 * missing parts after {@code timeoutMs} is joined as it is (marked incomplete by the reassembly). At most
 * {@code maxSets} sets are held: a new set beyond that first joins the oldest one as it is.
 * <p>
 * A Java consumer rather than Camel's aggregator, because the aggregator completes (and so acknowledges) each part's
 * exchange as soon as the part is added, not when its set is joined and stored.
 */
public final class LongSmsJoiner extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LongSmsJoiner.class);

    private final CamelContext context;
    private final BusSettings settings;
    private final String partsQueue;
    private final String joinedEndpoint;
    private final long timeoutMs;
    private final int maxSets;
    /** Concat key → the parts held for it, oldest set first. Touched by the joiner thread only. */
    private final LinkedHashMap<String, PendingSet> sets = new LinkedHashMap<>();
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile JMSException connectionFailure;
    /** Whether the current connection got as far as consuming; a failure after that starts the backoff over. */
    private boolean consuming;

    public LongSmsJoiner(CamelContext context, BusSettings settings, String partsQueue, String joinedEndpoint,
                         long timeoutMs, int maxSets) {
        this.context = context;
        this.settings = settings;
        this.partsQueue = partsQueue;
        this.joinedEndpoint = joinedEndpoint;
        this.timeoutMs = timeoutMs;
        this.maxSets = maxSets;
    }

    /**
     * With reassembly on: the local queue and core bridge that carry parts to the bus, and the joiner, which starts
     * consuming once the routes run (the joined events go to a route).
     */
    static void configure(CamelContext context, BusForwarding forwarding) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (!Boolean.parseBoolean(properties.resolveProperty("bridge.sms.reassemble").orElse("true"))) {
            return;
        }
        String partsQueue = properties.resolveProperty("bridge.sms.bus-parts-queue").orElse("bridge.sms.parts");
        forwarding.forward(partsQueue);
        LongSmsJoiner joiner = new LongSmsJoiner(context, forwarding.settings(), partsQueue, "direct:store-joined-long-sms",
                Long.parseLong(properties.resolveProperty("bridge.sms.reassemble-timeout").orElse("600")) * 1000,
                Integer.parseInt(properties.resolveProperty("bridge.sms.max-pending-sets").orElse("2000")));
        context.addService(joiner, true, true);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                joiner.consume();
            }
        });
        context.getRegistry().bind("longSmsJoiner", joiner);
    }

    /** Starts consuming; call once the routes run (the joined events go to a route). */
    public void consume() {
        Thread t = new Thread(this::run, "long-sms-joiner");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    protected void doStop() throws Exception {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            closeConnection();
            t.join(10_000);
        }
    }

    private void run() {
        long backoff = settings.retryIntervalMs();
        String lastProblem = null;
        while (thread == Thread.currentThread() && isRunAllowed()) {
            try (ProducerTemplate producer = context.createProducerTemplate()) {
                connectAndJoin(producer);
            } catch (Exception e) {
                // A fresh bus outage starts the backoff again; a join this instance could not store (its disk is
                // full, say) keeps doubling it, rather than taking every set back from the bus once a second.
                if (consuming && !(e instanceof JoinNotStored)) {
                    backoff = settings.retryIntervalMs();
                    lastProblem = null;
                }
                // The class and the Artemis code, not the whole message: it may name a client port that changes.
                String message = String.valueOf(e.getMessage());
                String problem = e.getClass().getSimpleName() + " " + message.substring(0, Math.max(0, message.indexOf(':')));
                if (!problem.equals(lastProblem) && thread == Thread.currentThread()) {
                    LOG.warn("Joining long SMS on the message bus {} paused ({}); parts wait on the bus, retrying",
                            settings.maskedUrl(), SafeText.replaceUnsafe(e.getClass().getSimpleName() + ": " + message,
                                    " .,:;'()/_=-", '_', false, 300));
                }
                lastProblem = problem;
            } finally {
                consuming = false;
                // What this instance held goes back to the bus with the connection.
                sets.clear();
                closeConnection();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(settings.maxRetryIntervalMs(), backoff * 2);
        }
    }

    private void connectAndJoin(ProducerTemplate producer) throws Exception {
        AggregationStrategy reassembly = context.getRegistry().lookupByNameAndType("smsReassembly", AggregationStrategy.class);
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(settings.url())) {
            // Failures reset the joiner instead: after a reconnect, acknowledging parts delivered before it fails.
            factory.setReconnectAttempts(0);
            // The acknowledgement of a set returns only once the bus has it, so a crash right after rarely re-joins.
            factory.setBlockOnAcknowledge(true);
            Connection c = factory.createConnection(settings.userOrNull(), settings.passwordOrNull());
            connection = c;
            connectionFailure = null;
            c.setExceptionListener(e -> connectionFailure = e);
            Session session = c.createSession(false, ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(partsQueue));
            c.start();
            consuming = true;
            LOG.info("Joining long SMS from queue {} on the message bus {}", partsQueue, settings.maskedUrl());
            long poll = Math.max(100, Math.min(1000, timeoutMs / 2));
            while (thread == Thread.currentThread() && isRunAllowed()) {
                if (connectionFailure != null) {
                    throw connectionFailure;
                }
                Message part = consumer.receive(poll);
                if (part != null) {
                    add(part, reassembly, producer);
                }
                joinExpired(reassembly, producer);
            }
        }
    }

    private void add(Message part, AggregationStrategy reassembly, ProducerTemplate producer) throws Exception {
        String key = part.getStringProperty(SmsClassifier.CONCAT_KEY);
        if (key == null || !part.propertyExists(SmsClassifier.CONCAT_PART) || !part.propertyExists(SmsClassifier.CONCAT_TOTAL)
                || !(part instanceof TextMessage)) {
            LOG.warn("Queue {} on the message bus holds a message that is not a long-SMS part; dropped", partsQueue);
            part.acknowledge();
            return;
        }
        int number = part.getIntProperty(SmsClassifier.CONCAT_PART);
        PendingSet set = sets.get(key);
        if (set == null) {
            if (sets.size() >= maxSets) {
                join(sets.values().iterator().next(), reassembly, producer);
            }
            set = new PendingSet(key, part.getIntProperty(SmsClassifier.CONCAT_TOTAL), System.currentTimeMillis());
            sets.put(key, set);
        }
        if (set.parts.putIfAbsent(number, part) != null) {
            // A copy of this part is held already and will be acknowledged with its set.
            part.acknowledge();
            return;
        }
        if (set.parts.size() >= set.total) {
            join(set, reassembly, producer);
        }
    }

    private void joinExpired(AggregationStrategy reassembly, ProducerTemplate producer) throws Exception {
        long now = System.currentTimeMillis();
        List<PendingSet> expired = new ArrayList<>();
        // Oldest first: the first set still in time ends the search.
        for (PendingSet set : sets.values()) {
            if (now - set.firstSeen < timeoutMs) {
                break;
            }
            expired.add(set);
        }
        for (PendingSet set : expired) {
            join(set, reassembly, producer);
        }
    }

    /** Stores the joined event locally, then acknowledges its parts on the bus. */
    private void join(PendingSet set, AggregationStrategy reassembly, ProducerTemplate producer) throws Exception {
        Exchange joined = null;
        for (Message part : set.parts.values()) {
            joined = reassembly.aggregate(joined, exchange(part));
        }
        Exchange result = producer.send(joinedEndpoint, joined);
        if (result.getException() != null) {
            throw new JoinNotStored(result.getException());
        }
        for (Message part : set.parts.values()) {
            part.acknowledge();
        }
        sets.remove(set.key);
    }

    private Exchange exchange(Message part) throws JMSException {
        Exchange exchange = new DefaultExchange(context);
        org.apache.camel.Message message = exchange.getMessage();
        for (Object name : Collections.list(part.getPropertyNames())) {
            message.setHeader(name.toString(), part.getObjectProperty(name.toString()));
        }
        message.setBody(((TextMessage) part).getText());
        return exchange;
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("Closing the long-SMS joiner's bus connection failed", e);
            }
        }
    }

    /** The parts of one long SMS held unacknowledged, by part number. */
    private static final class PendingSet {
        final String key;
        final int total;
        final long firstSeen;
        final Map<Integer, Message> parts = new TreeMap<>();

        PendingSet(String key, int total, long firstSeen) {
            this.key = key;
            this.total = total;
            this.firstSeen = firstSeen;
        }
    }

    /** The joined event could not be stored locally; its parts go back to the bus unacknowledged. */
    private static final class JoinNotStored extends Exception {
        JoinNotStored(Exception cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
