package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest frames of a JFR recording (jdk.ExecutionSample): execution samples per thread group (thread names with
 * their numbers removed), the methods most often on the stack of the HTTP event loops and of the broker's threads
 * (without the plumbing every stack of the group shares), self time by method, and inclusive time by package.
 */
final class JfrTop {

    private static final String EVENT_LOOPS = "vert.x-eventloop-thread";
    private static final String BROKER = "activemq";
    /** Plumbing that is on nearly every stack of a group (event loop, executors, Camel's engine): left out of its list. */
    private static final String[] PLUMBING = {"java.", "jdk.", "io.netty.", "io.vertx.", "org.apache.camel.impl.",
        "org.apache.camel.processor.", "org.apache.activemq.artemis.utils.", "io.webhookbridge.ingress."};

    private JfrTop() {
    }

    static String summarize(Path file, int limit) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> eventLoopMethods = new HashMap<>();
        Map<String, Integer> brokerMethods = new HashMap<>();
        int samples = 0;
        int eventLoopSamples = 0;
        int brokerSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = e.getThread("sampledThread");
            String group = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName().replaceAll("[0-9]+", "#");
            threads.merge(group, 1, Integer::sum);
            Map<String, Integer> methods = null;
            if (group.startsWith(EVENT_LOOPS)) {
                eventLoopSamples++;
                methods = eventLoopMethods;
            } else if (group.contains(BROKER)) {
                brokerSamples++;
                methods = brokerMethods;
            }
            RecordedFrame top = frames.get(0);
            self.merge(method(top), 1, Integer::sum);
            Set<String> seenPackages = new HashSet<>();
            Set<String> seenMethods = new HashSet<>();
            for (RecordedFrame f : frames) {
                String[] parts = f.getMethod().getType().getName().split("\\.");
                String pkg = String.join(".", Arrays.copyOf(parts, Math.min(parts.length - 1, 4)));
                if (seenPackages.add(pkg)) {
                    inclusive.merge(pkg, 1, Integer::sum);
                }
                String m = method(f);
                if (methods != null && !plumbing(m) && seenMethods.add(m)) {
                    methods.merge(m, 1, Integer::sum);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(samples).append(" execution samples\nBy thread group:\n");
        append(s, threads, samples, limit);
        s.append("On the stack of the HTTP event loops (").append(eventLoopSamples).append(" samples):\n");
        append(s, eventLoopMethods, eventLoopSamples, 2 * limit);
        s.append("On the stack of the broker's threads (").append(brokerSamples).append(" samples):\n");
        append(s, brokerMethods, brokerSamples, 2 * limit);
        s.append("Self (top frame):\n");
        append(s, self, samples, limit);
        s.append("Inclusive by package (on the stack):\n");
        append(s, inclusive, samples, limit);
        return s.toString();
    }

    private static boolean plumbing(String method) {
        for (String prefix : PLUMBING) {
            if (method.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Class and method, with the generated part of a lambda's class name dropped. */
    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda") + "." + f.getMethod().getName();
    }

    private static void append(StringBuilder s, Map<String, Integer> m, int total, int limit) {
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> s.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    }
}
