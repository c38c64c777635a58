package io.webhookbridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
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
