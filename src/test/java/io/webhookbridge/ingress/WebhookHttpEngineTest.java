package io.webhookbridge.ingress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.signature.AddressRanges;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookHttpEngineTest {

    @Test
    void connectionsAreSpreadOverTheEventLoopsAndARouteCompletesOnItsOwn() throws Exception {
        WebhookHttpEngine engine = new WebhookHttpEngine("127.0.0.1", 0, 2, 1024, 16, 5000, 5,
                new ConnectionLimits(5000, 5000, 1 << 20, 16, 4096, false, AddressRanges.parse("")));
        Set<String> routeThreads = ConcurrentHashMap.newKeySet();
        Set<Boolean> completedOnRouteThread = ConcurrentHashMap.newKeySet();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(engine));
            context.addService(engine, true, true);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("webhook-http:/hook").process(new AsyncProcessorSupport() {
                        @Override
                        public boolean process(Exchange exchange, AsyncCallback callback) {
                            exchange.setProperty("routeThread", Thread.currentThread().getName());
                            // As the broker does: completes on another thread, through the executor ingress gave.
                            Executor caller = exchange.getProperty(EventHeaders.CALLER_EXECUTOR, Executor.class);
                            CompletableFuture.runAsync(() -> caller.execute(() -> callback.done(false)));
                            return false;
                        }
                    }).process(exchange -> {
                        String routeThread = exchange.getProperty("routeThread", String.class);
                        routeThreads.add(routeThread);
                        // The contract: the route continues on the thread of the request's own connection.
                        completedOnRouteThread.add(routeThread.equals(Thread.currentThread().getName()));
                    }).setBody(constant("ok"));
                }
            });
            context.start();
            engine.listen();

            // Two clients, two connections: the two servers take them in turn.
            for (int client = 0; client < 2; client++) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + engine.getServerPort() + "/hook"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
        }
        assertEquals(2, routeThreads.size(), "event loops that ran the route: " + routeThreads);
        assertTrue(routeThreads.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), routeThreads.toString());
        assertEquals(Set.of(true), completedOnRouteThread);
    }
}
