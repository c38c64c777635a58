package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.observe.EventLogContext;
import io.webhookbridge.observe.WebhookOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook path's route: turns a received request into an exchange carrying only the allowlisted headers, runs
 * the route asynchronously, and turns its result into the answer. Writing the answer is the engine's.
 */
final class WebhookHttpConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpConsumer.class);
    /** With Content-Type, the only request header a route ever sees; everything else Vonage (or anyone) sends is dropped. */
    static final String AUTHORIZATION = "Authorization";
    /** Set by the staging step: accepted or duplicate. */
    private static final String STAGE_RESULT = "bridgeStageResult";
    /** Set by the ingress error handler (routes/90-errors.camel.yaml): the error code of the answer's body. */
    private static final String ERROR_CODE = "bridgeError";

    private final WebhookHttpEngine engine;

    WebhookHttpConsumer(WebhookHttpEndpoint endpoint, Processor processor, WebhookHttpEngine engine) {
        super(endpoint, processor);
        this.engine = engine;
    }

    @Override
    public WebhookHttpEndpoint getEndpoint() {
        return (WebhookHttpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        engine.register(this);
    }

    @Override
    protected void doStop() throws Exception {
        engine.unregister(this);
        super.doStop();
    }

    /**
     * Runs the route for a complete request. The answer is completed on {@code eventLoop}, the executor of the
     * request's event loop, which the route's asynchronous steps complete on too
     * ({@link EventHeaders#CALLER_EXECUTOR}).
     */
    Future<HttpAnswer> route(HttpServerRequest request, byte[] body, InetAddress clientAddress, Executor eventLoop) {
        Exchange exchange = createExchange(false);
        // A property, never a header: headers travel with the event, and a route must not be able to confuse the two.
        exchange.setProperty(EventHeaders.CLIENT_ADDRESS, clientAddress);
        exchange.setProperty(EventHeaders.CALLER_EXECUTOR, eventLoop);
        Message in = exchange.getIn();
        in.setBody(body);
        in.setHeader(Exchange.HTTP_METHOD, request.method().name());
        in.setHeader(Exchange.HTTP_PATH, getEndpoint().path());
        String query = request.query();
        if (query != null) {
            in.setHeader(Exchange.HTTP_QUERY, query);
        }
        String contentType = request.getHeader(Exchange.CONTENT_TYPE);
        if (contentType != null) {
            in.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        String authorization = request.getHeader(AUTHORIZATION);
        if (authorization != null) {
            in.setHeader(AUTHORIZATION, authorization);
        }

        Promise<HttpAnswer> answer = Promise.promise();
        try {
            getAsyncProcessor().process(exchange, doneSync -> eventLoop.execute(() -> {
                answer.tryComplete(answer(exchange));
                releaseExchange(exchange, false);
            }));
        } catch (Throwable e) {
            // The routing engine reports failures through the exchange; this is a bug guard, not a path.
            LOG.error("Webhook route failed before completing: {}", e.toString());
            answer.tryComplete(Refusal.INTERNAL_ERROR.answer());
        }
        return answer.future();
    }

    private static HttpAnswer answer(Exchange exchange) {
        if (exchange.getException() != null) {
            // Unhandled means nothing mapped it: answer so that Vonage retries, and say nothing more. The line names
            // the event when classification got that far (bridgeEventId and kind, as a route's log step does), so that
            // an operator can follow it; only on this failure path, never on an accepted webhook's.
            EventLogContext.enter(exchange);
            try {
                LOG.warn("Unhandled failure in webhook route {}: {}", exchange.getFromRouteId(),
                        exchange.getException().toString());
            } finally {
                EventLogContext.leave();
            }
            return Refusal.INTERNAL_ERROR.answer();
        }
        Message out = exchange.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Object body = out.getBody();
        byte[] bytes = body == null ? null
                : body instanceof byte[] b ? b : body.toString().getBytes(StandardCharsets.UTF_8);
        int code = status == null ? 200 : status;
        // The stage's result on a 200, else the error code the ingress error handler answered with.
        String outcome = out.getHeader(code == 200 ? STAGE_RESULT : ERROR_CODE, String.class);
        return new HttpAnswer(code, bytes, WebhookOutcome.of(outcome));
    }
}
