package io.webhookbridge.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps the scrape within Prometheus's naming rules, as {@code promtool check metrics} checks them. A gauge whose name
 * would end in {@code _count}, a suffix kept for histograms and summaries, is renamed: Artemis's
 * {@code artemis.message.count} becomes {@code artemis.messages} ({@code artemis_messages}), {@code system.cpu.count}
 * {@code system.cpus}. {@code process.cpu.time}, counted in nanoseconds (a unit abbreviation in its name), is left out:
 * {@code process_cpu_usage} says the same.
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
        if (id.getType() == Meter.Type.GAUGE && id.getBaseUnit() == null && name.endsWith(COUNT)) {
            return id.withName(name.substring(0, name.length() - COUNT.length()) + "s");
        }
        return id;
    }
}
