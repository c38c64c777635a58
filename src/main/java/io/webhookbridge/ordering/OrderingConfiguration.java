package io.webhookbridge.ordering;

import java.time.Clock;
import java.time.Duration;

import io.webhookbridge.observe.ObserveConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Binds {@code staleStatusFilter}, the delivery template's stale-status step (BRIDGE_DROP_STALE_STATUS). */
public class OrderingConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.ordering.drop-stale-status", defaultValue = "false")
    private boolean dropStaleStatus;
    @PropertyInject(value = "bridge.ordering.stale-max-messages", defaultValue = "100000")
    private int maxMessages;
    @PropertyInject(value = "bridge.ordering.stale-window-hours", defaultValue = "24")
    private int windowHours;

    @Override
    public void configure(CamelContext context) {
        context.getRegistry().bind("staleStatusFilter", new StaleStatusFilter(dropStaleStatus, maxMessages,
                Duration.ofHours(windowHours), ObserveConfiguration.meterRegistry(context), Clock.systemUTC()));
    }
}
