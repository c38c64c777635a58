package io.webhookbridge.dispatch;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The configured targets by name and the settings of each, read once at start: {@code bridge.target.<name>} or
 * {@code BRIDGE_TARGET_<NAME>} is a target, {@code bridge.target.<name>.<setting>} or
 * {@code BRIDGE_TARGET_<NAME>_<SETTING>} one of its settings ({@link TargetSettingKeys}); the variable wins. Names are
 * in the form of a variable (upper case, '_'), so that a property and a variable name the same target. The dispatch
 * configuration reads them and binds them as {@value #BEAN}; what else needs them (the HTTP targets' credentials)
 * looks them up there.
 */
public final class TargetSettings {

    /** The registry name of the settings read at start. */
    public static final String BEAN = "targetSettings";

    /** One setting's value and where it was set (its variable and, when there is one, its property key). */
    public record Setting(String value, String source) {

        @Override
        public String toString() {
            return "Setting[" + source + " ******]";
        }
    }

    /** A configured target's URIs (comma-separated) and where they were set. */
    public record Named(String uris, String source) {
    }

    private final Map<String, Named> targets = new TreeMap<>();
    private final Map<String, Map<String, Setting>> settings = new TreeMap<>();

    private TargetSettings() {
    }

    public static TargetSettings read(CamelContext context, Map<String, String> environment) {
        TargetSettings read = new TargetSettings();
        PropertiesComponent properties = context.getPropertiesComponent();
        Set<String> keys = new TreeSet<>(properties.loadProperties(k -> k.startsWith(ConfiguredTargets.PROPERTY_PREFIX))
                .stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(ConfiguredTargets.PROPERTY_PREFIX))
                .forEach(keys::add);
        for (String key : keys) {
            String value = properties.resolveProperty(key).map(String::trim).orElse("");
            String name = TargetSettingKeys.normalized(key.substring(ConfiguredTargets.PROPERTY_PREFIX.length()));
            read.add(name, value, ConfiguredTargets.ENVIRONMENT_PREFIX + name + " (" + key + ")");
        }
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (variable.getKey().startsWith(ConfiguredTargets.ENVIRONMENT_PREFIX)) {
                String name = variable.getKey().substring(ConfiguredTargets.ENVIRONMENT_PREFIX.length());
                read.add(name, variable.getValue().trim(), variable.getKey());
            }
        }
        return read;
    }

    /** The configured targets, by name. */
    public Map<String, Named> targets() {
        return targets;
    }

    /** The settings of each target name that has any, by name, then by setting ({@link TargetSettingKeys}). */
    public Map<String, Map<String, Setting>> settings() {
        return settings;
    }

    private void add(String normalizedKey, String value, String source) {
        String setting = TargetSettingKeys.settingOf(normalizedKey);
        if (value.isEmpty()) {
            return;
        }
        if (setting == null) {
            targets.put(normalizedKey, new Named(value, source));
            return;
        }
        String name = normalizedKey.substring(0, normalizedKey.length() - setting.length() - 1);
        settings.computeIfAbsent(name, k -> new TreeMap<>()).put(setting, new Setting(value, source));
    }
}
