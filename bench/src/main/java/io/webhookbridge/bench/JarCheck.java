package io.webhookbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.webhookbridge.bench.Log.log;

/** The harness never builds the bridge: it waits for a finished jar, and for one newer than routes/ and config/. */
final class JarCheck {

    private JarCheck() {
    }

    /** The jar, once present and not being written; a full run waits up to 60 s more for one newer than the sources. */
    static Path waitForJar(Path root, Path jar, boolean smoke, int seconds) throws InterruptedException {
        Path j = waitForJarPresent(jar, seconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(smoke ? 0 : 60);
        boolean said = false;
        while (true) {
            try {
                if (Files.getLastModifiedTime(j).toMillis() >= newestSource(root)) {
                    return j;
                }
            } catch (IOException ignored) {
                // being rewritten
            }
            if (System.nanoTime() > deadline) {
                Problems.note("target/webhook-bridge.jar is older than the newest file in routes/ or config/: the run may not match the sources");
                log("WARNING: the jar is older than routes/ or config/ (rebuild with `mvn -q package -DskipTests`); using it anyway");
                return waitForJarPresent(jar, seconds);
            }
            if (!said) {
                log("the jar is older than routes/ or config/: waiting up to 60 s for a rebuild");
                said = true;
            }
            Thread.sleep(1000);
        }
    }

    private static Path waitForJarPresent(Path jar, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        boolean said = false;
        while (true) {
            try {
                if (Files.size(jar) > 0 && System.currentTimeMillis() - Files.getLastModifiedTime(jar).toMillis() > 2000) {
                    return jar;
                }
            } catch (IOException ignored) {
                // missing
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jar + " missing: build it first with `mvn -q package -DskipTests` at the repository root");
            }
            if (!said) {
                log("waiting up to " + seconds + " s for " + jar);
                said = true;
            }
            Thread.sleep(1000);
        }
    }

    /** Newest modification time under routes/ and config/: a jar older than that may not match them. */
    private static long newestSource(Path root) {
        long newest = 0;
        for (String d : new String[] {"routes", "config"}) {
            try (Stream<Path> s = Files.walk(root.resolve(d))) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                }
            } catch (IOException ignored) {
                // missing
            }
        }
        return newest;
    }
}
