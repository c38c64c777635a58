package io.webhookbridge.dispatch;

import java.nio.file.Path;

import io.webhookbridge.broker.EmbeddedBroker;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

/**
 * The dispatch beans the routes call ({@code targetResolver}, {@code targetDeliveries}, {@code targetIds},
 * {@code deliveryAttempt}), and the targets' settings ({@value TargetSettings#BEAN}), read once for every
 * configuration that needs them. The delivery routes of the configured targets are created by {@code StartSequence}
 * once every YAML route runs (the dispatch route waits for them before it copies a staged backlog) and before the
 * webhook port opens.
 */
public class DispatchConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.queue.staging")
    private String stagingQueue;
    @PropertyInject("bridge.queue.delivery-prefix")
    private String deliveryPrefix;
    @PropertyInject("bridge.data.dir")
    private String dataDir;
    @PropertyInject("bridge.delivery.rate-limit")
    private int rateLimit;

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        EmbeddedBroker broker = CamelContextHelper.mandatoryLookup(context, "embeddedBroker", EmbeddedBroker.class);

        TargetSettings targetSettings = TargetSettings.read(context, System.getenv());
        registry.bind(TargetSettings.BEAN, targetSettings);
        TargetResolver targetResolver = new TargetResolver(context);
        registry.bind("targetResolver", targetResolver);
        TargetDeliveries deliveries = new TargetDeliveries(context, broker, stagingQueue, deliveryPrefix,
                Path.of(dataDir).resolve("targets.properties"),
                TargetRateLimits.of(targetSettings, rateLimit));
        registry.bind("targetDeliveries", deliveries);
        registry.bind("targetIds", new TargetIds(deliveries));
        JmsForwarding forwarding = registry.lookupByNameAndType("busForwarding", JmsForwarding.class);
        if (forwarding != null) {
            deliveries.forwardJmsTargetsTo(forwarding);
        }
        registry.bind("deliveryAttempt", new DeliveryAttempt());
    }
}
