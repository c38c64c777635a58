package io.webhookbridge.staging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.event.EventHeaders;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an event persistently to a queue of the embedded broker and completes the exchange when the broker
 * has confirmed the write (JMS 2.0 asynchronous send; the connection factory must have a confirmation window,
 * else the listener fires before the broker stored anything). No thread waits for the disk.
 * <p>
 * The event's dedupe key travels as {@code _AMQ_DUPL_ID}, so the broker stores a Vonage retry once. A key the
 * broker's persistent id cache already holds is answered as a duplicate without sending. Sets header
 * {@code bridgeStageResult} to {@code accepted} or {@code duplicate}; a failed write sets a
 * {@link StagingFailedException}.
 */
public final class EventStager extends AsyncProcessorSupport {

    public static final String RESULT = "bridgeStageResult";
    private static final Logger LOG = LoggerFactory.getLogger(EventStager.class);

    private final ConnectionFactory connectionFactory;
    private final EmbeddedBroker broker;
    private final String queue;
    private final boolean dedupe;
    /** Idle producers; JMS sessions are single-threaded, so each send borrows one exclusively. */
    private final ConcurrentLinkedQueue<Producer> idle = new ConcurrentLinkedQueue<>();
    private volatile Connection connection;

    public EventStager(ConnectionFactory connectionFactory, EmbeddedBroker broker, String queue, boolean dedupe) {
        this.connectionFactory = connectionFactory;
        this.broker = broker;
        this.queue = queue;
        this.dedupe = dedupe;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String dedupeKey = exchange.getMessage().getHeader(EventHeaders.DEDUPE_KEY, String.class);
        if (dedupe && broker.isDuplicate(queue, dedupeKey)) {
            exchange.getMessage().setHeader(RESULT, "duplicate");
            callback.done(true);
            return true;
        }
        Producer producer = null;
        try {
            producer = borrow();
            // Raw bytes (a refused body on its way to the dead-letter queue) are UTF-8 whatever the JVM's default.
            Object body = exchange.getMessage().getBody();
            String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : exchange.getMessage().getBody(String.class);
            TextMessage message = producer.session.createTextMessage(text);
            for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
                String name = header.getKey();
                if (header.getValue() != null && !RESULT.equals(name)
                        && (name.startsWith(EventHeaders.PREFIX) || name.startsWith("bridge"))) {
                    message.setObjectProperty(name, jmsValue(header.getValue()));
                }
            }
            if (dedupe && dedupeKey != null) {
                message.setStringProperty(EventHeaders.DUPLICATE_ID, dedupeKey);
            }
            producer.producer.send(message, new CompletionListener() {
                @Override
                public void onCompletion(jakarta.jms.Message sent) {
                    exchange.getMessage().setHeader(RESULT, "accepted");
                    callback.done(false);
                }

                @Override
                public void onException(jakarta.jms.Message sent, Exception e) {
                    exchange.setException(new StagingFailedException("the broker did not store the event: " + e.getMessage()));
                    callback.done(false);
                }
            });
            idle.offer(producer);
            return false;
        } catch (JMSException | RuntimeException e) {
            // A producer that failed to send is not reused; a broken connection is rebuilt on the next send.
            discard(producer);
            exchange.setException(new StagingFailedException("the broker did not take the event: " + e.getMessage()));
            callback.done(true);
            return true;
        }
    }

    private Producer borrow() throws JMSException {
        Producer producer = idle.poll();
        if (producer != null) {
            return producer;
        }
        Connection c = connection();
        Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer messageProducer = session.createProducer(session.createQueue(queue));
        messageProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
        messageProducer.setDisableMessageTimestamp(false);
        return new Producer(session, messageProducer);
    }

    private Connection connection() throws JMSException {
        Connection c = connection;
        if (c == null) {
            synchronized (this) {
                c = connection;
                if (c == null) {
                    c = connectionFactory.createConnection();
                    c.setExceptionListener(e -> {
                        LOG.warn("Staging connection to the embedded broker failed: {}", e.getMessage());
                        reset();
                    });
                    connection = c;
                }
            }
        }
        return c;
    }

    private synchronized void reset() {
        idle.clear();
        Connection c = connection;
        connection = null;
        if (c != null) {
            CompletableFuture.runAsync(() -> {
                try {
                    c.close();
                } catch (JMSException ignored) {
                    // already broken
                }
            });
        }
    }

    private void discard(Producer producer) {
        if (producer != null) {
            try {
                producer.session.close();
            } catch (JMSException | RuntimeException ignored) {
                // the session is being dropped anyway
            }
        }
    }

    private static Object jmsValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        return value.toString();
    }

    @Override
    protected void doStop() throws Exception {
        reset();
    }

    private record Producer(Session session, MessageProducer producer) {
    }
}
