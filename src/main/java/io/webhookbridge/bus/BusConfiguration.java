package io.webhookbridge.bus;

import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.observe.BusMeters;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.CamelContextHelper;

/**
 * With an external message bus ({@code bridge.bus.url}): {@code busForwarding}, which keeps the events for it on
 * local queues and forwards them, and its health check. Without one, nothing.
 */
public class BusConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        BusSettings bus = BusSettings.from(context);
        if (!bus.enabled()) {
            return;
        }
        EmbeddedBroker broker = CamelContextHelper.mandatoryLookup(context, "embeddedBroker", EmbeddedBroker.class);
        broker.keepFromReaders(bus.localPrefix() + "#");
        BusForwarding forwarding = new BusForwarding(broker, bus);
        // Added after the broker, so stopped before it.
        context.addService(forwarding, true, true);
        forwarding.start();
        context.getRegistry().bind("busForwarding", forwarding);
        BusMeters.register(CamelContextHelper.mandatoryLookup(context, "meterRegistry", MeterRegistry.class),
                forwarding::isConnected, forwarding::backlog);
        HealthCheckRegistry.get(context).register(new BusHealthCheck(forwarding));
        LongSmsJoiner.configure(context, forwarding);
    }
}
