package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.webhookbridge.ingress.BodyCollector.Failure;
import io.webhookbridge.ingress.BreachLog.Breach;
import io.webhookbridge.observe.WebhookMeters;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook HTTP server, which routes reach through {@link WebhookHttpComponent} ({@code from: webhook-http:/path}).
 * <p>
 * The stock Vert.x platform-http engine runs every exchange on a blocking worker thread, so a route that waits for the
 * broker's write confirmation parks one thread per request, which caps throughput at the pool's size. This engine runs the route on
 * the event loop through its {@code AsyncProcessor} and writes the answer when the route completes, which for
 * the webhook routes is when Artemis confirms the write. Nothing before that point may block.
 * <p>
 * A request goes one way through it ({@link #handle}): admitted and checked against the limits, its body collected
 * ({@link BodyCollector}), handed to its path's route ({@link WebhookHttpConsumer}), and answered ({@link AnswerWriter}).
 * It owns the HTTP rules that do not belong in a route: bounded body size (413), allowed methods (405), a bound on
 * requests in flight and a per-request timeout (503, so that Vonage retries), and an allowlist of request headers:
 * only {@code Authorization} and {@code Content-Type} reach the route. The client's address reaches it as the
 * exchange property {@link io.webhookbridge.event.EventHeaders#CLIENT_ADDRESS}.
 * <p>
 * And the {@link ConnectionLimits}, so that senders that are slow on purpose cannot starve Vonage's webhooks: a
 * request takes an in-flight slot only once its body is complete; a connection must deliver each request within a
 * deadline; the bytes of bodies being received are bounded across all connections; connections per source address
 * are capped.
 */
public final class WebhookHttpEngine extends ServiceSupport {

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
    private final AnswerWriter answers;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, WebhookHttpConsumer> active = new ConcurrentHashMap<>();
    /** Paths that had a consumer once: while theirs is stopped (reload, shutdown) they answer 503, not 404. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    private Vertx vertx;
    private ConnectionGuard guard;
    private int boundPort;

    /** An engine whose answers are not counted anywhere (tests of the engine alone). */
    public WebhookHttpEngine(String host, int port, int eventLoops, long maxBodyBytes, int maxInFlight,
            long requestTimeoutMillis, int retryAfterSeconds, ConnectionLimits limits) {
        this(host, port, eventLoops, maxBodyBytes, maxInFlight, requestTimeoutMillis, retryAfterSeconds, limits,
                WebhookMeters.none());
    }

    /**
     * @param retryAfterSeconds the {@code Retry-After} of every 503 the port answers
     * @param meters where every answer is counted and the latency of every routed one recorded
     */
    public WebhookHttpEngine(String host, int port, int eventLoops, long maxBodyBytes, int maxInFlight,
            long requestTimeoutMillis, int retryAfterSeconds, ConnectionLimits limits, WebhookMeters meters) {
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
        this.answers = new AnswerWriter(retryAfterSeconds, meters);
    }

    /** The port the server listens on; 0 until {@link #listen} has opened it. */
    public int getServerPort() {
        return boundPort;
    }

    @Override
    protected void doStart() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1));
        guard = new ConnectionGuard(vertx, limits.receiveTimeoutMillis(), limits.idleTimeoutMillis(), perAddress,
                pending, breaches, answers);
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
            Executor eventLoop = ownEventLoop();
            vertx.createHttpServer(options)
                    .connectionHandler(guard::accept)
                    .requestHandler(request -> handle(request, eventLoop))
                    .listen()
                    .onSuccess(listening -> server = listening).<Void>mapEmpty().onComplete(started);
        }

        /**
         * The Netty event loop this verticle starts on, which runs every connection of its server: the executor a
         * request's route completes on. The same instance for every request, as the broker keeps one storage context
         * per executor; and, unlike a Vert.x context, it refuses tasks once closed instead of dropping them.
         */
        private EventLoop ownEventLoop() {
            for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
                if (loop.inEventLoop()) {
                    return (EventLoop) loop;
                }
            }
            throw new IllegalStateException("the HTTP server verticle did not start on a Vert.x event loop");
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

    void register(WebhookHttpConsumer consumer) {
        String path = consumer.getEndpoint().path();
        WebhookHttpConsumer other = active.putIfAbsent(path, consumer);
        if (other != null && other != consumer) {
            throw new IllegalStateException(consumer.getEndpoint().getEndpointUri() + ": path " + path
                    + " is already taken by route " + other.getRouteId());
        }
        known.add(path);
    }

    void unregister(WebhookHttpConsumer consumer) {
        active.remove(consumer.getEndpoint().path(), consumer);
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

    /** One request, from its headers to its answer. Runs on the connection's event loop, as do all its steps. */
    private void handle(HttpServerRequest request, Executor eventLoop) {
        ConnectionGuard.Admitted connection = guard.admitted(request.connection());
        if (connection == null) {
            // Refused by the per-address cap and closing, or closed already.
            request.connection().close();
            return;
        }
        ReceiveDeadline deadline = connection.deadline();
        deadline.headersReceived(request);
        WebhookHttpConsumer consumer = accept(request, connection);
        if (consumer == null) {
            return;
        }
        BodyCollector body = BodyCollector.collect(request, maxBodyBytes, buffered, bytes -> {
            deadline.bodyReceived(request);
            // Only now: a slow sender must not hold a slot while its body trickles in.
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                answers.refuse(request, Refusal.TOO_MANY_IN_FLIGHT);
                return;
            }
            InetAddress client = clientAddresses.resolve(connection.peer(), request.headers());
            route(request, consumer, bytes, client, eventLoop);
        }, failure -> refuseBody(request, connection, failure));
        deadline.bodyReading(request, body);
    }

    /** The consumer of the request's path, or null once the request has been refused from its headers alone. */
    private WebhookHttpConsumer accept(HttpServerRequest request, ConnectionGuard.Admitted connection) {
        String transferEncoding = request.getHeader("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            breaches.report(Breach.TRANSFER_ENCODING, connection.peer());
            answers.refuseAndClose(request, Refusal.UNSUPPORTED_TRANSFER_ENCODING);
            return null;
        }
        String path = WebhookHttpComponent.withoutTrailingSlash(request.path());
        WebhookHttpConsumer consumer = active.get(path);
        if (consumer == null) {
            answers.refuse(request, known.contains(path) ? Refusal.ROUTE_RESTARTING : Refusal.NOT_FOUND);
            return null;
        }
        if (!consumer.getEndpoint().allows(request.method().name())) {
            request.response().putHeader("Allow", consumer.getEndpoint().allowHeader());
            answers.refuse(request, Refusal.METHOD_NOT_ALLOWED);
            return null;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLong(length) > maxBodyBytes) {
            answers.refuse(request, Refusal.PAYLOAD_TOO_LARGE);
            return null;
        }
        return consumer;
    }

    private void refuseBody(HttpServerRequest request, ConnectionGuard.Admitted connection, Failure failure) {
        switch (failure) {
            case TOO_LARGE -> {
                // The client closes after this answer; the rest of the body is read and dropped meanwhile.
                answers.refuseLastOnConnection(request, Refusal.PAYLOAD_TOO_LARGE);
            }
            case OVERLOADED -> {
                breaches.report(Breach.BUFFERED_BYTES, connection.peer());
                answers.refuseAndClose(request, Refusal.TOO_MANY_BUFFERED_BYTES);
            }
            case BROKEN -> answers.refuse(request, Refusal.BAD_REQUEST);
        }
    }

    /** Hands a complete request to its route and answers with the route's result or, past the request timeout, 503. */
    private void route(HttpServerRequest request, WebhookHttpConsumer consumer, byte[] body, InetAddress client,
            Executor eventLoop) {
        long received = System.nanoTime();
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx.setTimer(requestTimeoutMillis, id -> {
            if (answered.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                answers.writeRouted(request, Refusal.NOT_CONFIRMED_IN_TIME.answer(), received);
            }
        });
        consumer.route(request, body, client, eventLoop).onSuccess(answer -> {
            vertx.cancelTimer(timer);
            if (answered.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                answers.writeRouted(request, answer, received);
            }
        });
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
