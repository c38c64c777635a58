package io.webhookbridge.broker;

import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The embedded broker ({@code embeddedBroker}), started here, before any route, because the JMS consumers and the
 * stagers need it; and camel-jms on a pooled in-VM connection as the bridge's own user.
 */
public class BrokerConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        BrokerSettings settings = BrokerSettings.from(context);
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        // The broker's meters go to the bridge's registry, through the plugin the observe configuration binds.
        broker.setMetricsPlugin(context.getRegistry().findSingleByType(ActiveMQMetricsPlugin.class));
        context.addService(broker, true, true);
        broker.start();
        context.getRegistry().bind("embeddedBroker", broker);

        // Consumers are transacted per route.
        JmsPoolConnectionFactory pooled = new JmsPoolConnectionFactory();
        pooled.setConnectionFactory(broker.inVmConnectionFactory());
        pooled.setMaxConnections(2);
        pooled.setMaxSessionsPerConnection(500);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                pooled.stop();
            }
        }, true, true);
        context.getRegistry().bind("jmsConnectionFactory", pooled);
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(pooled);

        HealthCheckRegistry.get(context).register(new BrokerHealthCheck(broker, settings.stagingQueue()));
    }
}
