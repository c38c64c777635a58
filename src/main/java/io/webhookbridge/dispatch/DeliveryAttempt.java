package io.webhookbridge.dispatch;

import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.component.jms.JmsMessage;

/**
 * Which delivery attempt of an event this is, from the broker's {@code JMSXDeliveryCount} (1 on the first
 * delivery). camel-jms does not copy that property into a header, so it is read from the JMS message itself.
 */
public final class DeliveryAttempt {

    @Handler
    public int attempt(Exchange exchange) throws JMSException {
        if (exchange.getMessage() instanceof JmsMessage jms && jms.getJmsMessage() != null
                && jms.getJmsMessage().propertyExists("JMSXDeliveryCount")) {
            return jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
        }
        return 1;
    }
}
