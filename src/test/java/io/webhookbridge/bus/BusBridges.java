package io.webhookbridge.bus;

import java.nio.file.Path;
import java.util.List;

import io.webhookbridge.BridgeRunner;
import jakarta.jms.Message;

/** Bridges configured for a test bus, and what the bus tests read from messages. */
final class BusBridges {

    private BusBridges() {
    }

    /** A bridge whose jms: targets are on the bus, reconnecting quickly so that outage tests take seconds. */
    static BridgeRunner on(StandaloneArtemis bus, Path work) throws Exception {
        return new BridgeRunner(work)
                .property("bridge.bus.url", bus.url())
                .property("bridge.bus.user", bus.user)
                .property("bridge.bus.password", bus.password)
                .property("bridge.bus.retry-interval-ms", "200")
                .property("bridge.bus.max-retry-interval-ms", "1000");
    }

    static BusForwarding forwarding(BridgeRunner bridge) {
        return bridge.context().getRegistry().lookupByNameAndType("busForwarding", BusForwarding.class);
    }

    static List<String> uuids(List<Message> messages) {
        return messages.stream().map(m -> property(m, "vonageMessageUuid")).toList();
    }

    static String property(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
