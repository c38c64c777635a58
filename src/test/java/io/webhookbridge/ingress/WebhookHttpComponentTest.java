package io.webhookbridge.ingress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.signature.AddressRanges;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code webhook-http:} scheme: what a route in routes/ may write, and what it gets for it. */
class WebhookHttpComponentTest {

    private static final int RETRY_AFTER = 7;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DefaultCamelContext context;
    private WebhookHttpEngine engine;

    private void start(RouteBuilder routes) throws Exception {
        engine = new WebhookHttpEngine("127.0.0.1", 0, 1, 1024, 16, 5000, RETRY_AFTER,
                new ConnectionLimits(5000, 5000, 1 << 20, 16, 4096, false, AddressRanges.parse("")));
        context = new DefaultCamelContext();
        context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(engine));
        context.addService(engine, true, true);
        context.getRegistry().bind("errorReply", new ErrorReply());
        context.addRoutes(routes);
        context.start();
        engine.listen();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    private static RouteBuilder route(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("my-hook").setBody(constant("{\"status\":\"accepted\"}"));
            }
        };
    }

    private HttpResponse<String> send(String method, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.getServerPort() + "/hook"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void withoutMethodsAPathTakesPostOnlyAndAnswersJsonWhateverTheRequestSent() throws Exception {
        start(route("webhook-http:/hook"));
        HttpResponse<String> post = send("POST", "application/x-www-form-urlencoded");
        assertEquals(200, post.statusCode());
        assertEquals("{\"status\":\"accepted\"}", post.body());
        assertEquals("application/json", post.headers().firstValue("Content-Type").orElse(null));

        HttpResponse<String> get = send("GET", "text/plain");
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        assertEquals("{\"error\":\"method_not_allowed\"}", get.body());
        assertEquals("application/json", get.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void methodsListsWhatAPathTakesInTheAllowHeader() throws Exception {
        start(route("webhook-http:/hook?methods=get, post"));
        assertEquals(200, send("GET", null).statusCode());
        assertEquals(200, send("POST", null).statusCode());
        HttpResponse<String> put = send("PUT", null);
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void anOptionTheEngineDoesNotHonourStopsTheStartNamingTheRouteAndTheOption() {
        Exception failure = assertThrows(Exception.class, () -> start(route("webhook-http:/hook?httpMethodRestrict=POST")));
        String messages = messages(failure);
        assertTrue(messages.contains("my-hook") && messages.contains("webhook-http:///hook?httpMethodRestrict=POST")
                && messages.contains("unsupported option(s) [httpMethodRestrict]"), messages);
        assertEquals(0, engine.getServerPort());
    }

    @Test
    void anUnknownMethodStopsTheStart() {
        Exception failure = assertThrows(Exception.class, () -> start(route("webhook-http:/hook?methods=POST,FETCH")));
        String messages = messages(failure);
        assertTrue(messages.contains("my-hook") && messages.contains("webhook-http:") && messages.contains("'FETCH'"), messages);
    }

    @Test
    void twoRoutesOnOnePathStopTheStart() {
        Exception failure = assertThrows(Exception.class, () -> start(new RouteBuilder() {
            @Override
            public void configure() {
                from("webhook-http:/hook").routeId("first").setBody(constant("1"));
                from("webhook-http:/hook/").routeId("second").setBody(constant("2"));
            }
        }));
        String messages = messages(failure);
        assertTrue(messages.contains("/hook is already taken by route first"), messages);
    }

    @Test
    void aRouteCannotSendToTheScheme() {
        Exception failure = assertThrows(Exception.class, () -> start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("webhook-http:/hook");
            }
        }));
        String messages = messages(failure);
        assertTrue(messages.contains("it can only be a route's from"), messages);
    }

    @Test
    void aRouteThatAnswers503GetsTheConfiguredRetryAfterAndTheOneErrorBody() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("webhook-http:/hook").routeId("hook")
                        .setHeader("CamelHttpResponseCode", constant(503))
                        .setHeader("bridgeError", constant("not_stored"))
                        .setHeader("bridgeReason", constant("retry later"))
                        .bean("errorReply");
            }
        });
        HttpResponse<String> response = send("POST", "application/json");
        assertEquals(503, response.statusCode());
        assertEquals(String.valueOf(RETRY_AFTER), response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"error\":\"not_stored\",\"reason\":\"retry later\"}", response.body());
    }

    @Test
    void anUnhandledFailureIsLoggedWithTheEventItWasAbout() throws Exception {
        String eventId = "inbound-sms-0A0000000123ABCD";
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("webhook-http:/hook").routeId("hook")
                        .setHeader(EventHeaders.EVENT_ID, constant(eventId))
                        .setHeader(EventHeaders.KIND, constant(EventHeaders.KIND_INBOUND_SMS))
                        .throwException(new IllegalStateException("nothing mapped this"));
            }
        });
        List<LogEvent> warnings = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture-" + System.nanoTime(), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().equals(WebhookHttpConsumer.class.getName())) {
                    warnings.add(event.toImmutable());
                }
            }
        };
        capture.start();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().addAppender(capture, null, null);
        logs.updateLoggers();
        try {
            assertEquals(503, send("POST", "application/json").statusCode());
        } finally {
            logs.getConfiguration().getRootLogger().removeAppender(capture.getName());
            logs.updateLoggers();
            capture.stop();
        }
        // Logged before the answer was written, so it is there once the answer is.
        assertEquals(1, warnings.size(), warnings::toString);
        LogEvent warning = warnings.get(0);
        assertTrue(warning.getMessage().getFormattedMessage().startsWith("Unhandled failure in webhook route hook"),
                warning.getMessage().getFormattedMessage());
        assertEquals(eventId, warning.getContextData().getValue(EventHeaders.EVENT_ID));
        assertEquals(EventHeaders.KIND_INBOUND_SMS, warning.getContextData().getValue(EventHeaders.KIND));
    }
}
