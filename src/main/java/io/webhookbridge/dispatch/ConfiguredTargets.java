package io.webhookbridge.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.webhookbridge.event.EventHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Every target the configuration names, so that each gets its queue and delivery route at start-up rather than with
 * its first event: the value of every {@code bridge.target.*} property (from config/application.properties, override
 * properties, JVM system properties or their environment variables) and of every {@code BRIDGE_TARGET_*} environment variable, which may name
 * a key the properties file does not have. Keys that set a target's credentials ({@link TargetSettingKeys}) are not
 * targets.
 */
public final class ConfiguredTargets {

    public static final String PROPERTY_PREFIX = "bridge.target.";
    public static final String ENVIRONMENT_PREFIX = "BRIDGE_TARGET_";

    private final CamelContext context;
    private final TargetResolver resolver;

    public ConfiguredTargets(CamelContext context, TargetResolver resolver) {
        this.context = context;
        this.resolver = resolver;
    }

    /** Comma-separated target lists, each once; fails when an inbound message or a status would have no target. */
    public List<String> all() {
        Set<String> targets = new LinkedHashSet<>();
        targets.add(resolver.targets(EventHeaders.KIND_INBOUND_MESSAGE, null, null));
        targets.add(resolver.targets(EventHeaders.KIND_MESSAGE_STATUS, null, null));
        PropertiesComponent properties = context.getPropertiesComponent();
        Set<String> keys = new TreeSet<>(properties.loadProperties(key -> key.startsWith(PROPERTY_PREFIX)).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith(PROPERTY_PREFIX)).forEach(keys::add);
        keys.removeIf(TargetSettingKeys::isSetting);
        for (String key : keys) {
            properties.resolveProperty(key).filter(value -> !value.isBlank()).map(String::trim).ifPresent(targets::add);
        }
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            if (variable.getKey().startsWith(ENVIRONMENT_PREFIX) && !TargetSettingKeys.isSetting(variable.getKey())
                    && !variable.getValue().isBlank()) {
                targets.add(variable.getValue().trim());
            }
        }
        return new ArrayList<>(targets);
    }
}
