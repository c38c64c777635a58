package io.webhookbridge.ingress;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook HTTP server: a {@link PlatformHttpEngine} bound as {@code platform-http-engine}, so YAML routes
 * keep {@code from: platform-http:/webhooks/...}.
 * <p>
 * The stock Vert.x engine runs every exchange on a blocking worker thread, so a route that waits for the
 * broker's write confirmation parks one thread per request (about 5k req/s here). This engine runs the route on
 * the event loop through its {@code AsyncProcessor} and writes the response when the route completes, which for
 * the webhook routes is when Artemis confirms the write. Nothing before that point may block.
 * <p>
 * It also owns the HTTP rules that do not belong in a route: bounded body size (413), allowed methods (405),
 * a bound on requests in flight and a per-request timeout (503, so that Vonage retries), and an allowlist of
 * request headers: only {@code Authorization} and {@code Content-Type} reach the route.
 */
public final class WebhookHttpEngine extends ServiceSupport implements PlatformHttpEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpEngine.class);

    private final String host;
    private final int port;
    private final int eventLoops;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final long requestTimeoutMillis;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, WebhookHttpConsumer> active = new ConcurrentHashMap<>();
    /** Paths that had a consumer once: while theirs is stopped (reload, shutdown) they answer 503, not 404. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    private Vertx vertx;
    private int boundPort;

    public WebhookHttpEngine(String host, int port, int eventLoops, long maxBodyBytes, int maxInFlight,
            long requestTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.eventLoops = eventLoops;
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlight = maxInFlight;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new WebhookHttpConsumer(endpoint, processor, this);
    }

    @Override
    public int getServerPort() {
        return boundPort;
    }

    @Override
    protected void doStart() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1));
    }

    /**
     * Opens the port; called once every route has started. One server per event loop: a Vert.x server handles all
     * its connections on the event loop of the verticle that started it, so a single one would use one core whatever
     * the pool size. The servers share the port and take new connections in turn.
     */
    public void listen() throws Exception {
        if (boundPort != 0) {
            return;
        }
        // Port 0 (tests): Vert.x's -1 is "any free port, one for all servers asking for -1".
        HttpServerOptions options = serverOptions(port == 0 ? -1 : port);
        HttpServerVerticle first = null;
        // At least one: Vert.x refused fewer event loops when the engine started.
        for (int i = 0; i < eventLoops; i++) {
            // Each deployment gets its own context, on the next event loop.
            HttpServerVerticle verticle = new HttpServerVerticle(options);
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            first = first == null ? verticle : first;
        }
        boundPort = first.server.actualPort();
        LOG.info("Webhook HTTP server listening on {}:{} (event loops: {})", host, boundPort, eventLoops);
    }

    private final class HttpServerVerticle extends AbstractVerticle {
        private final HttpServerOptions options;
        private volatile HttpServer server;

        HttpServerVerticle(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(options).requestHandler(WebhookHttpEngine.this::dispatch).listen()
                    .onSuccess(listening -> server = listening).<Void>mapEmpty().onComplete(started);
        }
    }

    private HttpServerOptions serverOptions(int listenPort) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(listenPort)
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxFormAttributeSize(1)
                .setDecompressionSupported(false);
    }

    @Override
    protected void doStop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx = null;
            boundPort = 0;
        }
    }

    void register(String path, WebhookHttpConsumer consumer) {
        known.add(path);
        active.put(path, consumer);
    }

    void unregister(String path, WebhookHttpConsumer consumer) {
        active.remove(path, consumer);
    }

    long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    Vertx vertx() {
        return vertx;
    }

    void requestDone() {
        inFlight.decrementAndGet();
    }

    private void dispatch(HttpServerRequest request) {
        String path = request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        WebhookHttpConsumer consumer = active.get(path);
        if (consumer == null) {
            if (known.contains(path)) {
                reply(request.response(), 503, "{\"error\":\"unavailable\",\"reason\":\"route is restarting\"}", true);
            } else {
                reply(request.response(), 404, "{\"error\":\"not_found\"}", false);
            }
            return;
        }
        if (!consumer.allows(request.method().name())) {
            request.response().putHeader("Allow", consumer.allowHeader());
            reply(request.response(), 405, "{\"error\":\"method_not_allowed\"}", false);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLong(length) > maxBodyBytes) {
            reply(request.response(), 413, "{\"error\":\"payload_too_large\"}", false);
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            reply(request.response(), 503, "{\"error\":\"overloaded\",\"reason\":\"too many requests in flight\"}", true);
            return;
        }
        BodyCollector.collect(request, maxBodyBytes, body -> consumer.handle(request, body), tooLarge -> {
            requestDone();
            if (tooLarge) {
                reply(request.response(), 413, "{\"error\":\"payload_too_large\"}", false);
            } else {
                request.response().setStatusCode(400).end();
            }
        });
    }

    static void reply(HttpServerResponse response, int status, String json, boolean retryAfter) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (retryAfter) {
            response.putHeader("Retry-After", "5");
        }
        response.end(json);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
