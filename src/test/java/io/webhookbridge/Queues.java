package io.webhookbridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Reads what arrived on queues of the in-process broker, as a real JMS consumer would. */
public final class Queues {

    private Queues() {
    }

    /**
     * Receives (and removes) every message currently on the queue of the bridge started last, waiting briefly for
     * stragglers; logged in as the bridge's own in-VM user (the broker takes no anonymous connection).
     */
    public static List<Message> drain(String queue) throws JMSException {
        return drain(BridgeRunner.latest().broker().inVmConnectionFactory(), queue, null);
    }

    /** A string property of a received message (a checked exception here is a broken test, not a result). */
    public static String property(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a received TextMessage. */
    public static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every message currently on the queue of the bridge started last, left in place. */
    public static List<Message> browse(String queue) throws JMSException {
        List<Message> out = new ArrayList<>();
        try (Connection connection = BridgeRunner.latest().broker().inVmConnectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Enumeration<?> messages = session.createBrowser(session.createQueue(queue)).getEnumeration();
            while (messages.hasMoreElements()) {
                out.add((Message) messages.nextElement());
            }
        }
        return Collections.unmodifiableList(out);
    }

    public static List<Message> drain(String url, String queue, String selector) throws JMSException {
        return drain(new ActiveMQConnectionFactory(url), queue, selector);
    }

    public static List<Message> drain(ActiveMQConnectionFactory factory, String queue, String selector) throws JMSException {
        List<Message> out = new ArrayList<>();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = selector == null
                    ? session.createConsumer(session.createQueue(queue))
                    : session.createConsumer(session.createQueue(queue), selector);
            Message m;
            while ((m = consumer.receive(200)) != null) {
                out.add(m);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
