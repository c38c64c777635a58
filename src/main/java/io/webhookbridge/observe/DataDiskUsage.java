package io.webhookbridge.observe;

import java.io.File;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code bridge.data.disk.used.ratio}: the used share (0 to 1) of the file system holding the data directory, the
 * broker's journal included, as the broker itself measures it against {@code bridge.broker.max-disk-usage-percent}
 * (above which webhooks are answered 503).
 */
public final class DataDiskUsage {

    private final File dataDir;

    private DataDiskUsage(File dataDir) {
        this.dataDir = dataDir.getAbsoluteFile();
    }

    public static void register(MeterRegistry registry, String dataDir) {
        Gauge.builder("bridge.data.disk.used.ratio", new DataDiskUsage(new File(dataDir)), DataDiskUsage::usedRatio)
                .description("Used share (0 to 1) of the file system holding the bridge's data directory")
                // Nothing else holds it: a gauge keeps only a weak reference unless told otherwise.
                .strongReference(true)
                .register(registry);
    }

    /** The used share (0 to 1) of the file system holding {@code dataDir}; NaN while neither it nor any parent exists. */
    public static double usedRatio(String dataDir) {
        return new DataDiskUsage(new File(dataDir)).usedRatio();
    }

    /** NaN (no sample) while neither the directory nor any parent exists. */
    double usedRatio() {
        // Before the broker creates it, the directory's nearest existing parent is on the same file system.
        File existing = dataDir;
        while (existing != null && !existing.exists()) {
            existing = existing.getParentFile();
        }
        if (existing == null) {
            return Double.NaN;
        }
        long total = existing.getTotalSpace();
        return total <= 0 ? Double.NaN : 1.0 - (double) existing.getUsableSpace() / total;
    }
}
