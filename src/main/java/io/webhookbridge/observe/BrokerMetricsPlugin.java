package io.webhookbridge.observe;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;

/**
 * Artemis's metrics plugin on the bridge's own registry, so that the embedded broker's meters (messages per queue,
 * address memory, disk store usage, ...) come out of the same scrape as the bridge's. The broker finds it in the Camel
 * registry by type.
 * <p>
 * The broker gets a composite in front of that registry: it adds a meter filter of its own when it starts (which
 * Micrometer warns about on a registry that already has meters) and adds its registry to Micrometer's global one,
 * where nothing removes it; {@link #close} does, when the bridge stops.
 */
public final class BrokerMetricsPlugin implements ActiveMQMetricsPlugin, AutoCloseable {

    private static final long serialVersionUID = 1L;

    /** Never serialised: Artemis only declares the plugin Serializable for its configuration objects. */
    private final transient CompositeMeterRegistry registry;

    public BrokerMetricsPlugin(MeterRegistry bridgeRegistry) {
        this.registry = new CompositeMeterRegistry(Clock.SYSTEM, List.of(bridgeRegistry));
    }

    @Override
    public ActiveMQMetricsPlugin init(Map<String, String> options) {
        return this;
    }

    @Override
    public MeterRegistry getRegistry() {
        return registry;
    }

    @Override
    public void close() {
        Metrics.globalRegistry.remove(registry);
        registry.close();
    }
}
