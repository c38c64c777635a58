package io.webhookbridge.routecheck;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;

/**
 * The route check's JMS connection factory: camel-jms creates the routes' {@code jms:} endpoints and consumers with
 * it (so their options are checked as at start-up), but the check starts no broker, so anything that would connect
 * fails, saying why.
 */
final class NoBrokerConnectionFactory implements ConnectionFactory {

    private static final String WHY = "check-routes runs without the broker: no JMS connection";

    @Override
    public Connection createConnection() throws JMSException {
        throw new JMSException(WHY);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        throw new JMSException(WHY);
    }

    @Override
    public JMSContext createContext() {
        throw new JMSRuntimeException(WHY);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        throw new JMSRuntimeException(WHY);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        throw new JMSRuntimeException(WHY);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        throw new JMSRuntimeException(WHY);
    }

    @Override
    public String toString() {
        return "no broker (check-routes)";
    }
}
