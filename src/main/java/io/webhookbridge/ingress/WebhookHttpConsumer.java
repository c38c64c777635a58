package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook path: turns a request into an exchange carrying only the allowlisted headers, runs the route
 * asynchronously, and answers from the route's result on the request's own event loop.
 */
final class WebhookHttpConsumer extends DefaultConsumer implements PlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpConsumer.class);
    /** The only request headers a route ever sees; everything else Vonage (or anyone) sends is dropped. */
    static final String AUTHORIZATION = "Authorization";

    private final WebhookHttpEngine engine;
    private final String path;
    private final Set<String> methods;

    WebhookHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, WebhookHttpEngine engine) {
        super(endpoint, processor);
        this.engine = engine;
        String p = endpoint.getPath();
        this.path = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        String restrict = endpoint.getHttpMethodRestrict();
        this.methods = restrict == null || restrict.isBlank()
                ? Set.of("POST")
                : Arrays.stream(restrict.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public PlatformHttpEndpoint getEndpoint() {
        return (PlatformHttpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        engine.register(path, this);
    }

    @Override
    protected void doStop() throws Exception {
        engine.unregister(path, this);
        super.doStop();
    }

    boolean allows(String method) {
        return methods.contains(method);
    }

    String allowHeader() {
        return String.join(", ", methods);
    }

    void handle(HttpServerRequest request, byte[] body, InetAddress clientAddress) {
        Context context = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        // A property, never a header: headers travel with the event, and a route must not be able to confuse the two.
        exchange.setProperty(EventHeaders.CLIENT_ADDRESS, clientAddress);
        // The event loop itself (a request's Vert.x context is a new duplicate each time; its loop is not): the broker
        // keeps one storage context per executor.
        exchange.setProperty(EventHeaders.CALLER_EXECUTOR, ((ContextInternal) context).nettyEventLoop());
        Message in = exchange.getIn();
        in.setBody(body);
        in.setHeader(Exchange.HTTP_METHOD, request.method().name());
        in.setHeader(Exchange.HTTP_PATH, path);
        String query = request.query();
        if (query != null) {
            in.setHeader(Exchange.HTTP_QUERY, query);
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null) {
            in.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        String authorization = request.getHeader(AUTHORIZATION);
        if (authorization != null) {
            in.setHeader(AUTHORIZATION, authorization);
        }

        AtomicBoolean answered = new AtomicBoolean();
        long timer = engine.vertx().setTimer(engine.requestTimeoutMillis(), id -> {
            if (answered.compareAndSet(false, true)) {
                // The event may still be stored later; its duplicate id makes Vonage's retry harmless.
                engine.requestDone();
                WebhookHttpEngine.reply(request.response(), 503,
                        "{\"error\":\"timeout\",\"reason\":\"the event was not confirmed in time\"}", true);
            }
        });
        try {
            getAsyncProcessor().process(exchange, doneSync -> context.runOnContext(v -> {
                engine.vertx().cancelTimer(timer);
                if (answered.compareAndSet(false, true)) {
                    engine.requestDone();
                    respond(request.response(), exchange);
                }
                releaseExchange(exchange, false);
            }));
        } catch (Throwable e) {
            // The routing engine reports failures through the exchange; this is a bug guard, not a path.
            LOG.error("Webhook route failed before completing: {}", e.toString());
            engine.vertx().cancelTimer(timer);
            if (answered.compareAndSet(false, true)) {
                engine.requestDone();
                WebhookHttpEngine.reply(request.response(), 503, "{\"error\":\"internal_error\"}", true);
            }
        }
    }

    private static void respond(HttpServerResponse response, Exchange exchange) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (exchange.getException() != null) {
            // Unhandled means nothing mapped it: answer so that Vonage retries, and say nothing more.
            LOG.warn("Unhandled failure in webhook route {}: {}", exchange.getFromRouteId(),
                    exchange.getException().toString());
            WebhookHttpEngine.reply(response, 503, "{\"error\":\"internal_error\"}", true);
            return;
        }
        Message out = exchange.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        response.setStatusCode(status == null ? 200 : status);
        String contentType = out.getHeader(Exchange.CONTENT_TYPE, String.class);
        response.putHeader("Content-Type", contentType == null ? "application/json" : contentType);
        String retryAfter = out.getHeader("Retry-After", String.class);
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        Object body = out.getBody();
        if (body == null) {
            response.end();
        } else if (body instanceof byte[] bytes) {
            response.end(io.vertx.core.buffer.Buffer.buffer(bytes));
        } else {
            response.end(io.vertx.core.buffer.Buffer.buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
