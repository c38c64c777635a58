package io.webhookbridge.ingress;

import java.net.InetAddress;
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
import io.vertx.core.http.HttpVersion;
import io.webhookbridge.ingress.BreachLog.Breach;
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
 * request headers: only {@code Authorization} and {@code Content-Type} reach the route. The client's address
 * reaches it as the exchange property {@link io.webhookbridge.event.EventHeaders#CLIENT_ADDRESS}.
 * <p>
 * And the {@link ConnectionLimits}, so that senders that are slow on purpose cannot starve Vonage's webhooks: a
 * request takes an in-flight slot only once its body is complete; a connection must deliver each request within a
 * deadline; the bytes of bodies being received are bounded across all connections; connections per source address
 * are capped.
 */
public final class WebhookHttpEngine extends ServiceSupport implements PlatformHttpEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpEngine.class);

    private final String host;
    private final int port;
    private final int eventLoops;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final long requestTimeoutMillis;
    private final ConnectionLimits limits;
    private final BufferedBytes buffered;
    private final ConnectionsPerAddress perAddress;
    private final PendingConnections pending;
    private final ClientAddresses clientAddresses;
    private final BreachLog breaches = new BreachLog();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, WebhookHttpConsumer> active = new ConcurrentHashMap<>();
    /** Paths that had a consumer once: while theirs is stopped (reload, shutdown) they answer 503, not 404. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    private Vertx vertx;
    private ConnectionGuard guard;
    private int boundPort;

    public WebhookHttpEngine(String host, int port, int eventLoops, long maxBodyBytes, int maxInFlight,
            long requestTimeoutMillis, ConnectionLimits limits) {
        this.host = host;
        this.port = port;
        this.eventLoops = eventLoops;
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlight = maxInFlight;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.limits = limits;
        this.buffered = new BufferedBytes(limits.maxBufferedBytes());
        this.perAddress = new ConnectionsPerAddress(limits.maxConnectionsPerAddress());
        this.pending = new PendingConnections(limits.maxPendingConnections());
        this.clientAddresses = new ClientAddresses(limits.trustedProxies());
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
        guard = new ConnectionGuard(vertx, limits.receiveTimeoutMillis(), limits.idleTimeoutMillis(), perAddress,
                pending, breaches);
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
            vertx.createHttpServer(options)
                    .connectionHandler(guard::accept)
                    .requestHandler(WebhookHttpEngine.this::dispatch)
                    .listen()
                    .onSuccess(listening -> server = listening).<Void>mapEmpty().onComplete(started);
        }
    }

    private HttpServerOptions serverOptions(int listenPort) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(listenPort)
                // Off unless asked for: over h2c one connection carries 100 streams, and Vert.x sees an h2c-capable
                // connection only once its first request has arrived, too late for the receive deadline.
                .setHttp2ClearTextEnabled(limits.h2c())
                // Receiving is bounded by the receive deadline; this closes connections that go silent while their
                // answer is pending or being read, so it stays above the request timeout and the bridge's own idle wait.
                .setIdleTimeout((int) Math.max(60_000, Math.max(requestTimeoutMillis, limits.idleTimeoutMillis())
                        + limits.receiveTimeoutMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxFormAttributeSize(1)
                .setDecompressionSupported(false);
    }

    @Override
    protected void doStop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx = null;
            guard = null;
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

    /** Request-body bytes held in memory now, across all connections. */
    long bufferedBytes() {
        return buffered.used();
    }

    /** Connections without a request being answered now. */
    int pendingConnections() {
        return pending.size();
    }

    /** Source addresses with open connections now. */
    int addressesWithConnections() {
        return perAddress.addresses();
    }

    private void dispatch(HttpServerRequest request) {
        ConnectionGuard.Admitted connection = guard.admitted(request.connection());
        if (connection == null) {
            // Refused by the per-address cap and closing, or closed already.
            request.connection().close();
            return;
        }
        ReceiveDeadline deadline = connection.deadline();
        deadline.headersReceived(request);
        String transferEncoding = request.getHeader("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            // Netty reads a body it does not understand as empty and what follows as another request (smuggling).
            breaches.report(Breach.TRANSFER_ENCODING, connection.peer());
            replyAndClose(request, 400, "{\"error\":\"bad_request\",\"reason\":\"unsupported Transfer-Encoding\"}", false);
            return;
        }
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
        BodyCollector body = BodyCollector.collect(request, maxBodyBytes, buffered, bytes -> {
            deadline.bodyReceived(request);
            // Only now: a slow sender must not hold a slot while its body trickles in.
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                reply(request.response(), 503,
                        "{\"error\":\"overloaded\",\"reason\":\"too many requests in flight\"}", true);
                return;
            }
            InetAddress client = clientAddresses.resolve(connection.peer(), request.headers());
            consumer.handle(request, bytes, client);
        }, failure -> {
            switch (failure) {
                case TOO_LARGE -> {
                    // The client closes after this answer; the rest of the body is read and dropped meanwhile.
                    request.response().putHeader("Connection", "close");
                    reply(request.response(), 413, "{\"error\":\"payload_too_large\"}", false);
                }
                case OVERLOADED -> {
                    breaches.report(Breach.BUFFERED_BYTES, connection.peer());
                    replyAndClose(request, 503,
                            "{\"error\":\"overloaded\",\"reason\":\"too many request bytes being received\"}", true);
                }
                case BROKEN -> reply(request.response(), 400, "{\"error\":\"bad_request\"}", false);
            }
        });
        deadline.bodyReading(request, body);
    }

    /** Answers, then closes the connection: reading the rest of the body only to drop it would feed the overload. */
    private static void replyAndClose(HttpServerRequest request, int status, String json, boolean retryAfter) {
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            request.response().putHeader("Connection", "close");
        }
        reply(request.response(), status, json, retryAfter);
        if (http1) {
            request.connection().close();
        }
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
