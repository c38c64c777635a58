package io.webhookbridge.ordering;

import java.time.Clock;
import java.time.Duration;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.observe.ObserveConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

/**
 * Binds the delivery template's ordering steps: {@code messageOrder}, which keeps a message's events in line across
 * retries, and {@code staleStatusFilter}, the stale-status step (BRIDGE_DROP_STALE_STATUS).
 */
public class OrderingConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.ordering.drop-stale-status", defaultValue = "false")
    private boolean dropStaleStatus;
    @PropertyInject(value = "bridge.ordering.stale-max-messages", defaultValue = "100000")
    private int maxMessages;
    @PropertyInject(value = "bridge.ordering.stale-window-hours", defaultValue = "24")
    private int windowHours;

    @PropertyInject(value = "bridge.ordering.max-held-messages", defaultValue = "50000")
    private int maxHeld;
    @PropertyInject(value = "bridge.ordering.hold-stall-seconds", defaultValue = "60")
    private int stallSeconds;

    @Override
    public void configure(CamelContext context) {
        EmbeddedBroker broker = CamelContextHelper.mandatoryLookup(context, "embeddedBroker", EmbeddedBroker.class);
        context.getRegistry().bind("messageOrder", new MessageOrder(maxHeld, Math.max(1, stallSeconds) * 1000L,
                ObserveConfiguration.meterRegistry(context), Clock.systemUTC(), (queue, place) -> {
                    try {
                        return broker.count(queue, MessageOrder.PLACE + " = '" + place + "'") > 0;
                    } catch (Exception e) {
                        // Unknown: keep waiting rather than let the message's later events pass.
                        return true;
                    }
                }));
        context.getRegistry().bind("staleStatusFilter", new StaleStatusFilter(dropStaleStatus, maxMessages,
                Duration.ofHours(windowHours), ObserveConfiguration.meterRegistry(context), Clock.systemUTC()));
    }
}
