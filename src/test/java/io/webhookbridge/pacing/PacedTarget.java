package io.webhookbridge.pacing;

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
 * A real HTTP target whose answer a test scripts per attempt of each body (status and Retry-After), and which records
 * every request with the time it arrived.
 */
final class PacedTarget implements AutoCloseable {

    /** One request: when it arrived (epoch ms), what it carried, the status it was answered. */
    record Arrival(long at, String body, Map<String, List<String>> headers, int status) {
    }

    /** The answer: a status and, when not null, a Retry-After header. */
    record Answer(int status, String retryAfter) {
    }

    /** Chooses the answer to the n-th attempt (from 1) of a body. */
    interface Script {
        Answer answer(String body, int attempt);
    }

    private final HttpServer server;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile Script script = (body, attempt) -> new Answer(200, null);

    PacedTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            long at = System.currentTimeMillis();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int attempt = attempts.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
            Answer answer = script.answer(body, attempt);
            arrivals.add(new Arrival(at, body, exchange.getRequestHeaders(), answer.status()));
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    PacedTarget script(Script script) {
        this.script = script;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Arrival> arrivals() {
        return arrivals;
    }

    List<Arrival> delivered() {
        return arrivals.stream().filter(a -> a.status() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
