package io.webhookbridge.httptarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

/**
 * A consumer that checks every delivery the way the Standard Webhooks library tells consumers to: one verifier per
 * secret it holds (e.g. only the old one, only the new one). It answers 401 when any verifier refuses, and 500 to the
 * first attempt of each body, so that every event is delivered twice.
 */
final class SigningTarget implements AutoCloseable {

    /** One request: its body, Standard Webhooks headers, the bridge's event id header, and each verifier's verdict. */
    record Attempt(byte[] body, Map<String, List<String>> headers, String webhookId, String bridgeEventId, List<Boolean> verified) {
    }

    private final HttpServer server;
    private final List<Webhook> verifiers;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    SigningTarget(List<String> secretsOfEachVerifier) throws Exception {
        verifiers = secretsOfEachVerifier.stream().map(SigningTarget::verifier).toList();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            List<Boolean> verified = verifiers.stream().map(v -> verifies(v, body, headers)).toList();
            attempts.add(new Attempt(body, headers, exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("bridgeEventId"), verified));
            int status;
            if (verified.contains(false)) {
                status = 401;
            } else {
                status = seen.merge(new String(body, StandardCharsets.UTF_8), 1, Integer::sum) == 1 ? 500 : 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    private static Webhook verifier(String secret) {
        try {
            return new Webhook(secret);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean verifies(Webhook verifier, byte[] body, Map<String, List<String>> headers) {
        try {
            verifier.verify(new String(body, StandardCharsets.UTF_8), headers);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Attempt> attempts() {
        return attempts;
    }

    /** Attempts that were answered 200. */
    long accepted() {
        return attempts.stream().filter(a -> !a.verified().contains(false)).map(a -> new String(a.body(), StandardCharsets.UTF_8))
                .filter(b -> seen.getOrDefault(b, 0) >= 2).distinct().count();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
