package io.webhookbridge.pacing;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.observe.ObserveConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceSupport;

/** Binds {@code deliveryPacing}, which the delivery template and {@code delivery-errors} call. */
public class PacingConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.delivery.circuit-failures")
    private int circuitFailures;
    @PropertyInject("bridge.delivery.circuit-cooldown-seconds")
    private int cooldownSeconds;
    @PropertyInject("bridge.delivery.max-redeliveries")
    private int maxRedeliveries;
    @PropertyInject("bridge.delivery.max-delay-ms")
    private long maxDelayMs;
    @PropertyInject("bridge.delivery.initial-delay-ms")
    private long initialDelayMs;
    @PropertyInject("bridge.delivery.backoff-multiplier")
    private double backoffMultiplier;

    @Override
    public void configure(CamelContext context) throws Exception {
        MeterRegistry registry = ObserveConfiguration.meterRegistry(context);
        EmbeddedBroker broker = CamelContextHelper.mandatoryLookup(context, "embeddedBroker", EmbeddedBroker.class);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bridge-circuit-timer");
            thread.setDaemon(true);
            return thread;
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                timer.shutdownNow();
            }
        }, true, true);
        context.getRegistry().bind("deliveryPacing", new DeliveryPacing(registry, new QueuePause(broker), timer,
                circuitFailures, Math.max(1, cooldownSeconds) * 1000L, maxRedeliveries, maxDelayMs,
                Math.max(100, initialDelayMs), Math.max(0, initialDelayMs), Math.max(1.0, backoffMultiplier)));
    }
}
