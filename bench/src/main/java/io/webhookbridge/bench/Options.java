package io.webhookbridge.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/** The command line of bench/run.sh, and the credentials this run gives the bridge. */
final class Options {

    boolean smoke;
    boolean jfr;
    boolean profile;
    boolean writeDoc = true;
    Path root = Path.of(".").toAbsolutePath().normalize();
    final String command;
    final String secret = "bench-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    final String brokerPassword = "bench-" + Long.toHexString(new SecureRandom().nextLong());

    private Options(String command) {
        this.command = command;
    }

    static Options parse(String[] args) {
        Options o = new Options("bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", List.of(args))));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> o.smoke = true;
                case "--jfr" -> o.jfr = true;
                // The profiler slows the bridge: its figures must not become docs/benchmarks.md.
                case "--profile" -> {
                    o.profile = true;
                    o.writeDoc = false;
                }
                case "--no-doc" -> o.writeDoc = false;
                case "--root" -> o.root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return o;
    }
}
