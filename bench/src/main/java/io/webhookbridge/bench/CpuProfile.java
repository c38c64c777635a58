package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CPU profile of the bridge during the saturation phase, with async-profiler (from Maven Central, unpacked by the bench
 * build) attached to the running JVM through {@code jcmd JVMTI.agent_load}. Unlike JFR it sees kernel frames (when
 * {@code /proc/sys/kernel/perf_event_paranoid} is at most 1), which is where most of the bridge's remaining time goes:
 * thread hand-offs, socket and journal I/O. The summary puts every sample in one category, first match wins.
 */
final class CpuProfile {

    /** Category, then a pattern on the whole collapsed stack (thread name first); the first that matches wins. */
    private static final Map<String, Pattern> CATEGORIES = new LinkedHashMap<>();

    static {
        category("GC and VM threads", "^\\[(GC Thread|VM Thread|G1 |VM Periodic)");
        category("JIT compiler", "^\\[C[12] CompilerThre");
        category("thread hand-offs (futex: park/unpark of broker and Vert.x threads)", "__x64_sys_futex");
        category("journal compaction", "JournalImpl\\.compact|scheduleCompact");
        category("journal file creation", "JournalFilesRepository");
        category("journal sync (fdatasync)", "fdatasync|SequentialFile\\.sync");
        category("journal write (timed buffer)", "TimedBuffer");
        category("JWT check (Messages API)", "MessagesJwtVerifier");
        category("classification (JSON, SMS parameters and sig)", "MessagesClassifier|SmsClassifier");
        category("building the staged message", "EventStager\\.message");
        category("duplicate pre-check (id cache)", "EmbeddedBroker\\.isDuplicate");
        category("broker routing (duplicate id, diverts, store)", "PostOfficeImpl\\.route");
        category("completion after the sync (callback, Camel, response)", "EventStager\\$1|EmbeddedBroker\\$1");
        category("delivery to the target queues' consumer", "DeliverRunner|ServerConsumerImpl|QueueImpl\\.deliver");
        category("consumer acknowledgements", "(?i)acknowledge");
        category("broker TCP (consumer connection) other", "^\\[[^;]*remoting-tcp");
        category("journal append (other)", "JournalImpl");
        category("HTTP socket syscalls on the event loop", "^\\[vert\\.x-eventloop[^;]*;.*_\\[k\\]");
        category("Camel routing on the event loop", "^\\[vert\\.x-eventloop[^;]*;.*org/apache/camel");
        category("Vert.x and Netty on the event loop", "^\\[vert\\.x-eventloop");
    }

    private final Path library;

    CpuProfile(Path library) {
        this.library = library;
    }

    private static void category(String name, String regex) {
        CATEGORIES.put(name, Pattern.compile(regex));
    }

    boolean available() {
        return Files.isRegularFile(library);
    }

    /** Starts sampling CPU (1 ms), per thread, in the JVM {@code pid}; whether the agent took the command. */
    boolean start(long pid) {
        return jcmd(pid, "start,event=cpu,interval=1ms,threads");
    }

    /**
     * Stops sampling and writes the collapsed stacks to {@code out} (a path without commas: they separate the agent's
     * options); whether the agent took the command.
     */
    boolean stop(long pid, Path out) {
        if (out.toAbsolutePath().toString().matches(".*[,\"\\s].*")) {
            throw new IllegalArgumentException("async-profiler cannot write to a path with a comma, quote or space: " + out);
        }
        return jcmd(pid, "stop,file=" + out.toAbsolutePath() + ",collapsed");
    }

    /** The agent reports its own errors on the bridge's output; jcmd only tells whether the agent loaded and took it. */
    private boolean jcmd(long pid, String options) {
        // Both quoted: a path may hold spaces, and jcmd would read the first '=' of the options as its own syntax.
        String answer = Machine.jcmd(pid, "JVMTI.agent_load", "\"" + library + "\"", "\"" + options + "\"");
        Log.log("async-profiler: " + answer.strip().replace('\n', ' '));
        return answer.contains("return code: 0") && !answer.contains("not loaded");
    }

    /** Samples per thread group (with their share in the kernel) and per category. */
    static String summarize(Path collapsed) throws IOException {
        Map<String, long[]> threads = new HashMap<>();
        Map<String, Long> categories = new LinkedHashMap<>();
        long total = 0;
        long kernel = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0 || !line.startsWith("[")) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String stack = line.substring(0, space);
            String thread = stack.substring(1, Math.max(1, stack.indexOf(" tid="))).replaceAll("[0-9]+", "#");
            boolean inKernel = stack.contains("_[k]");
            long[] t = threads.computeIfAbsent(thread, k -> new long[2]);
            t[0] += n;
            t[1] += inKernel ? n : 0;
            total += n;
            kernel += inKernel ? n : 0;
            String category = "other";
            for (Map.Entry<String, Pattern> c : CATEGORIES.entrySet()) {
                if (c.getValue().matcher(stack).find()) {
                    category = c.getKey();
                    break;
                }
            }
            categories.merge(category, n, Long::sum);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d CPU samples (1 ms), %.0f %% of them in the kernel%n", total,
                100.0 * kernel / Math.max(1, total)));
        if (kernel == 0) {
            s.append("(no kernel frames: perf_event_paranoid is above 1, so async-profiler could not see them)\n");
        }
        s.append("By thread group (share of samples, of which in the kernel):\n");
        long all = total;
        threads.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(12)
                .forEach(e -> s.append(String.format(Locale.ROOT, "  %5.1f %%  (kernel %3.0f %%)  %s%n",
                        100.0 * e.getValue()[0] / Math.max(1, all), 100.0 * e.getValue()[1] / Math.max(1, e.getValue()[0]), e.getKey())));
        s.append("By category (each sample in the first category that matches, in the order of CpuProfile.CATEGORIES):\n");
        categories.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> s.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, all), e.getKey())));
        return s.toString();
    }
}
