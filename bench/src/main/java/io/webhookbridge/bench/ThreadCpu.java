package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a process's CPU went between two moments, per thread group: ticks from /proc/<pid>/task/*&#47;stat, with the
 * threads' full Java names from {@code jcmd Thread.print} (the kernel keeps only 15 characters).
 */
final class ThreadCpu {

    private final long pid;
    /** "tid|kernel thread name" -> cpu ticks. */
    private final Map<String, long[]> before;

    private ThreadCpu(long pid) {
        this.pid = pid;
        this.before = sample(pid);
    }

    static ThreadCpu since(long pid) {
        return new ThreadCpu(pid);
    }

    /** The split since construction, in cores busy over seconds, the twelve busiest groups. */
    String split(double seconds) {
        Map<String, long[]> after = sample(pid);
        Map<String, String> names = new HashMap<>();
        Matcher tm = Pattern.compile("(?m)^\"(.*?)\".*? nid=0x([0-9a-f]+)").matcher(Machine.jcmd(pid, "Thread.print"));
        while (tm.find()) {
            names.put(String.valueOf(Long.parseLong(tm.group(2), 16)), tm.group(1));
        }
        Map<String, Long> groups = new HashMap<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.get(e.getKey());
            long d = e.getValue()[0] - (b == null ? 0 : b[0]);
            String tid = e.getKey().substring(0, e.getKey().indexOf('|'));
            String name = names.getOrDefault(tid, e.getKey().substring(e.getKey().indexOf('|') + 1)).replaceAll("[0-9]+", "#");
            groups.merge(name, d, Long::sum);
        }
        long total = groups.values().stream().mapToLong(Long::longValue).sum();
        double hz = 100.0; // USER_HZ
        double secs = Math.max(seconds, 1e-3);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-72s %6.2f cores%n", "total", total / hz / secs));
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .filter(e -> e.getValue() > 0)
                .forEach(e -> s.append(String.format(Locale.ROOT, "%-72s %6.2f cores (%4.1f %%)%n", e.getKey(),
                        e.getValue() / hz / secs, 100.0 * e.getValue() / Math.max(1, total))));
        return s.toString();
    }

    private static Map<String, long[]> sample(long pid) {
        Map<String, long[]> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(task.getFileName() + "|" + name, new long[] {ticks});
                } catch (Exception ignored) {
                    // thread ended
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
        return out;
    }
}
