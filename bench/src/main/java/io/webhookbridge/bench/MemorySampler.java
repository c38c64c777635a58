package io.webhookbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A server's resident memory: VmRSS sampled every 200 ms from /proc/<pid>/status until stopped, then VmHWM. */
final class MemorySampler {

    private final long pid;
    private final AtomicLong max = new AtomicLong();
    private final ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    MemorySampler(long pid) {
        this.pid = pid;
        ex.scheduleAtFixedRate(() -> max.accumulateAndGet(status(pid, "VmRSS"), Math::max), 0, 200, TimeUnit.MILLISECONDS);
    }

    void stop(Measure m) {
        ex.shutdownNow();
        m.rssMaxKb = Math.max(max.get(), status(pid, "VmRSS"));
        m.hwmKb = status(pid, "VmHWM");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // process gone
        }
        return 0;
    }
}
