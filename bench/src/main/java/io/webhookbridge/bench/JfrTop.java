package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** The hottest frames of a JFR recording (jdk.ExecutionSample): self time by method, and inclusive time by package. */
final class JfrTop {

    private JfrTop() {
    }

    static String summarize(Path file, int limit) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame top = frames.get(0);
            self.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                String[] parts = type.split("\\.");
                String pkg = String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length - 1, 4)));
                if (seen.add(pkg)) {
                    inclusive.merge(pkg, 1, Integer::sum);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(samples).append(" execution samples\nSelf (top frame):\n");
        append(s, self, samples, limit);
        s.append("Inclusive by package (on the stack):\n");
        append(s, inclusive, samples, limit);
        return s.toString();
    }

    private static void append(StringBuilder s, Map<String, Integer> m, int total, int limit) {
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> s.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    }
}
