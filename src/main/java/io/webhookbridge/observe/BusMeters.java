package io.webhookbridge.observe;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The external message bus, read at each scrape: {@code bridge.bus.connected} (1 while every forwarding bridge is
 * connected) and {@code bridge.bus.backlog} (events waiting on the local queues for the bus). Registered only when a
 * bus is configured.
 */
public final class BusMeters {

    private BusMeters() {
    }

    public static void register(MeterRegistry registry, BooleanSupplier connected, LongSupplier backlog) {
        Gauge.builder("bridge.bus.connected", () -> connected.getAsBoolean() ? 1 : 0)
                .description("1 while the bridge is connected to the external message bus, else 0")
                .register(registry);
        Gauge.builder("bridge.bus.backlog", backlog::getAsLong)
                .description("Events waiting in the local journal to be forwarded to the external message bus")
                .register(registry);
    }
}
