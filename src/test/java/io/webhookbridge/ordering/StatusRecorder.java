package io.webhookbridge.ordering;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP target that records, per message (its {@code vonageMessageUuid} header), the statuses in the order their
 * requests arrived, and answers each after a short random pause on one of several threads, the way a real service
 * answers in parallel: requests of one message sent side by side would overtake each other.
 */
final class StatusRecorder implements AutoCloseable {

    /** One status as the target received it. */
    record Received(String status, Integer rank) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, List<Received>> byMessage = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    /** Statuses whose first attempt per message is answered 500. */
    private final Set<String> failFirst = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    /** Statuses answered 400 on every attempt. */
    private final Set<String> refuse = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    /** While set, every request is answered 503 with Retry-After: 1. */
    private volatile boolean down;

    StatusRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String uuid = exchange.getRequestHeaders().getFirst("vonageMessageUuid");
            String status = exchange.getRequestHeaders().getFirst("vonageStatus");
            String rank = exchange.getRequestHeaders().getFirst("vonageStatusRank");
            if (down) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            if (refuse.contains(status)) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            if (failFirst.contains(status) && failed.add(uuid + ":" + status)) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            List<Received> received = byMessage.computeIfAbsent(String.valueOf(uuid), k -> new ArrayList<>());
            synchronized (received) {
                received.add(new Received(status, rank == null ? null : Integer.valueOf(rank)));
            }
            total.incrementAndGet();
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers the first attempt of each message's {@code status} with a 500, so that the bridge retries it. */
    StatusRecorder failFirstAttemptOf(String status) {
        failFirst.add(status);
        return this;
    }

    /** Answers every attempt of each message's {@code status} with a 400, so that the bridge parks it. */
    StatusRecorder refuseAlways(String status) {
        refuse.add(status);
        return this;
    }

    StatusRecorder down(boolean down) {
        this.down = down;
        return this;
    }

    int refused() {
        return refused.get();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int total() {
        return total.get();
    }

    /** The statuses of one message in arrival order. */
    List<Received> of(String uuid) {
        List<Received> received = byMessage.getOrDefault(uuid, List.of());
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
