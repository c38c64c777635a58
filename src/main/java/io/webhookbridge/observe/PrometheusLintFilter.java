package io.webhookbridge.observe;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps the scrape within Prometheus's naming rules, as {@code promtool check metrics} checks them. A gauge whose name
 * would end in {@code _count}, a suffix kept for histograms and summaries, is renamed: Artemis's
 * {@code artemis.message.count} becomes {@code artemis.messages} ({@code artemis_messages}), {@code system.cpu.count}
 * {@code system.cpus}. {@code process.cpu.time}, counted in nanoseconds (a unit abbreviation in its name), is left out:
 * {@code process_cpu_usage} says the same. Label names in camelCase, as Camel's route meters have them
 * ({@code routeId}, {@code camelContext}), become snake_case ({@code route_id}, {@code camel_context}).
 */
final class PrometheusLintFilter implements MeterFilter {

    private static final String COUNT = ".count";

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return "process.cpu.time".equals(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        Meter.Id mapped = id;
        if (id.getType() == Meter.Type.GAUGE && id.getBaseUnit() == null && name.endsWith(COUNT)) {
            mapped = id.withName(name.substring(0, name.length() - COUNT.length()) + "s");
        }
        if (id.getTags().stream().anyMatch(tag -> !tag.getKey().equals(snakeCase(tag.getKey())))) {
            List<Tag> tags = new ArrayList<>();
            for (Tag tag : id.getTags()) {
                tags.add(Tag.of(snakeCase(tag.getKey()), tag.getValue()));
            }
            mapped = mapped.replaceTags(tags);
        }
        return mapped;
    }

    static String snakeCase(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
