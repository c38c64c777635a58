package io.webhookbridge.httptarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * HTTP targets that demand credentials: paths on a plain server that answer 401 unless the request carries their
 * {@code Authorization} value, and an HTTPS server that requires a client certificate (TLS handshake fails without).
 */
final class AuthTargets implements AutoCloseable {

    private final HttpServer http;
    private final HttpsServer https;
    private final Map<String, String> requiredAuthorization = new ConcurrentHashMap<>();
    private final Map<String, List<String>> accepted = new ConcurrentHashMap<>();
    private final Map<String, List<String>> refused = new ConcurrentHashMap<>();

    AuthTargets(SSLContext serverTls) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.start();
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = serverTls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        https.createContext("/", this::handle);
        https.start();
    }

    AuthTargets require(String path, String authorization) {
        requiredAuthorization.put(path, authorization);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String required = requiredAuthorization.get(path);
        boolean ok = required == null || required.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        (ok ? accepted : refused).computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(body);
        exchange.sendResponseHeaders(ok ? 200 : 401, -1);
        exchange.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    String httpsUrl(String path) {
        return "https://127.0.0.1:" + https.getAddress().getPort() + path;
    }

    List<String> accepted(String path) {
        return accepted.getOrDefault(path, List.of());
    }

    @Override
    public void close() {
        http.stop(0);
        https.stop(0);
    }
}
