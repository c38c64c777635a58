package io.webhookbridge.broker;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;

/**
 * Broker settings for tests that start an {@link EmbeddedBroker} on its own: config/application.properties with a
 * small broker (1,000 dedupe ids, 8 MiB of memory, any disk usage, 5 attempts, one quick redelivery) in the given
 * data directory, and whatever else a test sets.
 */
public final class TestBrokerSettings {

    private TestBrokerSettings() {
    }

    /** {@code keysAndValues}: property keys and their values, alternately; a null value keeps the configured one. */
    public static BrokerSettings of(Path dataDir, int inVmId, String... keysAndValues) throws Exception {
        Properties overrides = new Properties();
        overrides.put("bridge.data.dir", dataDir.toString());
        overrides.put("bridge.broker.vm-id", String.valueOf(inVmId));
        overrides.put("bridge.broker.id-cache-size", "1000");
        overrides.put("bridge.broker.global-max-size-bytes", String.valueOf(8 * 1024 * 1024));
        overrides.put("bridge.broker.max-disk-usage-percent", "100");
        overrides.put("bridge.broker.max-delivery-attempts", "5");
        overrides.put("bridge.delivery.max-redeliveries", "1");
        overrides.put("bridge.delivery.max-delay-ms", "10000");
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                overrides.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:config/application.properties");
            context.getPropertiesComponent().setOverrideProperties(overrides);
            return BrokerSettings.from(context);
        }
    }
}
