package io.webhookbridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP peer for HTTP targets: records what it received per path, and can fail the first N attempts of
 * each distinct body (or every attempt) with a 500.
 */
public final class TargetServer implements AutoCloseable {

    /** One accepted request; {@code query} is its raw query string (null when none), to tell targets on one path apart. */
    public record Received(String body, Map<String, List<String>> headers, String query) {
    }

    private final HttpServer server;
    private final Map<String, List<Received>> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();

    public TargetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int attempt = attempts.computeIfAbsent(path + "|" + body, k -> new AtomicInteger()).incrementAndGet();
            int fail = failFirst.getOrDefault(path, 0);
            int status = attempt <= fail ? 500 : 200;
            if (status == 200) {
                accepted.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(new Received(body, exchange.getRequestHeaders(),
                        exchange.getRequestURI().getRawQuery()));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Fails the first {@code n} attempts of every body posted to this path; Integer.MAX_VALUE = always. */
    public TargetServer failFirst(String path, int n) {
        failFirst.put(path, n);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> accepted(String path) {
        return accepted.getOrDefault(path, List.of());
    }

    public int attempts(String path, String body) {
        AtomicInteger n = attempts.get(path + "|" + body);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
