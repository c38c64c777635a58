package io.webhookbridge.bench;

import java.util.Enumeration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Consumes the bridge's target queues (vonage.inbound, vonage.status) over its core TCP acceptor, as the broker's
 * read-only user, and records, per
 * event (kind + message_uuid + status, or for SMS API events messageId + status + err-code, from the JMS properties), how
 * often it arrived and when it first did.
 */
public final class TargetConsumer implements AutoCloseable {

    /** key -> {arrivals, first arrival nanoTime}. */
    public final ConcurrentHashMap<String, long[]> arrivals = new ConcurrentHashMap<>();
    public final AtomicLong total = new AtomicLong();
    public final AtomicLong unknownShape = new AtomicLong();
    private final ActiveMQConnectionFactory factory;
    private final Connection connection;

    public TargetConsumer(int brokerPort, String user, String password, String... queues) throws JMSException {
        factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=5", user, password);
        connection = factory.createConnection();
        for (String q : queues) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(q));
            consumer.setMessageListener(this::onMessage);
        }
        connection.start();
    }

    private void onMessage(Message m) {
        long now = System.nanoTime();
        try {
            String uuid = m.getStringProperty("vonageMessageUuid");
            String messageId = m.getStringProperty("vonageMessageId");
            String status = m.getStringProperty("vonageStatus");
            String key;
            if (uuid != null) {
                key = Webhooks.Webhook.key(uuid, status);
            } else if (messageId != null) {
                key = Webhooks.Webhook.smsKey(messageId, status, m.getStringProperty("vonageErrCode"));
            } else {
                unknownShape.incrementAndGet();
                return;
            }
            arrivals.compute(key, (k, v) -> {
                if (v == null) {
                    return new long[] {1, now};
                }
                v[0]++;
                return v;
            });
            total.incrementAndGet();
        } catch (JMSException e) {
            unknownShape.incrementAndGet();
        }
    }

    /**
     * Messages currently on a queue (browsed: the broker's read-only user may browse but not use its management), or
     * -1 if it cannot be browsed. Messages a consumer holds unacknowledged are not counted.
     */
    public int browseCount(String queue) {
        try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue q = s.createQueue(queue);
            try (QueueBrowser b = s.createBrowser(q)) {
                int c = 0;
                Enumeration<?> e = b.getEnumeration();
                while (e.hasMoreElements() && c < 1_000_000) {
                    e.nextElement();
                    c++;
                }
                return c;
            }
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException ignored) {
            // best effort
        }
        factory.close();
    }
}
