package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** --profile: async-profiler on the bridge for the measured saturation run; its summary in bench/target/profile.txt. */
final class SaturationProfile {

    private final CpuProfile profiler;
    private final Path root;
    private final Path work;
    private final long pid;

    private SaturationProfile(CpuProfile profiler, Path root, Path work, long pid) {
        this.profiler = profiler;
        this.root = root;
        this.work = work;
        this.pid = pid;
    }

    /** Starts sampling pid when asked to; without --profile, or when the profiler cannot start, finish() does nothing. */
    static SaturationProfile start(boolean asked, Path root, Path work, long pid) throws IOException {
        if (!asked) {
            return new SaturationProfile(null, root, work, pid);
        }
        CpuProfile profiler = new CpuProfile(root.resolve("bench/target/async-profiler/linux-x64/libasyncProfiler.so"));
        Files.deleteIfExists(summaryFile(root));
        if (!profiler.available()) {
            Problems.problem("--profile: bench/target/async-profiler is missing (the bench build unpacks it from Maven Central)");
            profiler = null;
        } else if (!profiler.start(pid)) {
            Problems.problem("--profile: async-profiler did not start (see bench/target/bridge-last.log)");
            profiler = null;
        }
        return new SaturationProfile(profiler, root, work, pid);
    }

    void finish() throws IOException {
        if (profiler == null) {
            return;
        }
        // In the run's own directory: async-profiler's options are comma-separated, so the path must have none.
        Path collapsed = work.resolve("profile-saturation.collapsed");
        if (profiler.stop(pid, collapsed) && Files.size(collapsed) > 0) {
            String summary = CpuProfile.summarize(collapsed);
            Files.writeString(summaryFile(root), summary);
            Files.copy(collapsed, root.resolve("bench/target/profile-saturation.collapsed"), StandardCopyOption.REPLACE_EXISTING);
            System.out.println(summary);
        } else {
            Problems.problem("--profile: async-profiler wrote no profile (see bench/target/bridge-last.log)");
        }
    }

    private static Path summaryFile(Path root) {
        return root.resolve("bench/target/profile.txt");
    }
}
