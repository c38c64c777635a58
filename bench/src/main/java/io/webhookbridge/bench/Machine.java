package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the report says about the machine the run shared: cores, memory, JDK, OS, wrk, disk, load average. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        StringBuilder s = new StringBuilder();
        s.append("cores: ").append(Runtime.getRuntime().availableProcessors());
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> s.append(" (").append(l.substring(l.indexOf(':') + 1).trim()).append(')'));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> s.append(", memory ").append(Long.parseLong(l.replaceAll("[^0-9]", "")) >> 20).append(" GiB"));
        } catch (IOException ignored) {
            // not Linux
        }
        s.append('\n');
        s.append("JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vendor")).append(")\n");
        s.append("OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        s.append(exec("wrk", "-v").lines().findFirst().orElse("wrk: ?")).append('\n');
        s.append("$ df -h ").append(System.getProperty("java.io.tmpdir")).append('\n').append(exec("df", "-h", System.getProperty("java.io.tmpdir")));
        s.append("$ lsblk -d -o NAME,SIZE,ROTA,TYPE,MODEL\n").append(exec("lsblk", "-d", "-o", "NAME,SIZE,ROTA,TYPE,MODEL"));
        return s.toString();
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Runs a command to its end (at most 10 s) and returns its output, or the reason it could not run. */
    static String exec(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return cmd[0] + ": " + e.getMessage() + "\n";
        }
    }

    static String jcmd(long pid, String... command) {
        String[] cmd = new String[command.length + 2];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        cmd[1] = String.valueOf(pid);
        System.arraycopy(command, 0, cmd, 2, command.length);
        return exec(cmd);
    }
}
