package io.webhookbridge.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The processes the harness starts (servers, wrk): ports for them, waiting for them, and stopping every one at the end. */
final class Processes {

    private static final SplittableRandom PORTS = new SplittableRandom();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    private Processes() {
    }

    static Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        STARTED.add(p);
        return p;
    }

    static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(25, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void stopAll() {
        for (Process p : STARTED) {
            stop(p);
        }
    }

    /** On an interrupted run (Ctrl-C, the timeout of run.sh), no server may outlive the harness. */
    static void killAllOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(p -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        })));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Polls uri every 20 ms until it answers 200, the process ends or seconds pass. */
    static boolean waitReady(Process p, URI uri, boolean post, int seconds) throws InterruptedException {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
                if (post) {
                    b.POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
                }
                if (c.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        return false;
    }

    static boolean waitListening(Process p, int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /**
     * A free port for a server started later, below the kernel's ephemeral range (Linux 32768-60999): a port the kernel
     * picked could meanwhile become the local port of an outgoing connection (the harness's consumer, the bridge's own).
     * Each port is handed out once. (The same rule as the bridge tests' {@code FreePorts}: the harness is a separate
     * module that does not depend on the bridge's classes.)
     */
    static synchronized int freePort() throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + PORTS.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port between 20000 and 31999");
    }
}
