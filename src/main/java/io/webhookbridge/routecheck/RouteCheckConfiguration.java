package io.webhookbridge.routecheck;

import io.webhookbridge.dispatch.DeliveryAttempt;
import io.webhookbridge.dispatch.TargetResolver;
import io.webhookbridge.ingress.ConnectionLimits;
import io.webhookbridge.ingress.ErrorReply;
import io.webhookbridge.ingress.WebhookHttpComponent;
import io.webhookbridge.ingress.WebhookHttpEngine;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;

/**
 * What the routes need from the configurations that the route check does not run (broker, staging, dispatch,
 * ingress), without a broker or an open port: the same bean names, real where a bean needs neither
 * ({@code targetResolver}, {@code deliveryAttempt}, {@code errorReply}), {@link NeedsBroker} where it does; the real
 * {@code webhook-http:} component, so that its options are checked, on a server that never starts; camel-jms on a
 * connection factory that never connects.
 */
public class RouteCheckConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        registry.bind("targetResolver", new TargetResolver(context));
        registry.bind("deliveryAttempt", new DeliveryAttempt());
        registry.bind("errorReply", new ErrorReply());
        for (String name : new String[] {"eventStager", "rejectedEventStager", "targetIds", "targetDeliveries"}) {
            registry.bind(name, new NeedsBroker(name));
        }

        // Never started, so it opens nothing; the limits are placeholders for the same reason.
        WebhookHttpEngine neverStarted = new WebhookHttpEngine("127.0.0.1", 0, 1, 1, 1, 1, 1,
                new ConnectionLimits(1, 1, 1, 1, 1, false, null));
        context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(neverStarted));
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(new NoBrokerConnectionFactory());
    }
}
