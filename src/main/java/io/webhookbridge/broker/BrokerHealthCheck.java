package io.webhookbridge.broker;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Ready only while the embedded broker is active: without it no webhook can be stored. */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final EmbeddedBroker broker;
    private final String stagingQueue;

    public BrokerHealthCheck(EmbeddedBroker broker, String stagingQueue) {
        super("webhook-bridge", "embedded-broker");
        this.broker = broker;
        this.stagingQueue = stagingQueue;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (broker.isActive()) {
            builder.detail("staged", broker.messageCount(stagingQueue));
            builder.up();
        } else {
            builder.message("embedded broker is not active").down();
        }
    }
}
