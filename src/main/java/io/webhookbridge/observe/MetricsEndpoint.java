package io.webhookbridge.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

/**
 * {@code GET /observe/metrics} on the management port: the registry's Prometheus scrape. The port's access check
 * (bean {@code managementAccess}) runs before every handler of that port, so the scrape needs the management token,
 * like every other detail: target names appear in its labels.
 */
public final class MetricsEndpoint {

    public static final String PATH = "/observe/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    /** Serves the scrape once the management server runs; does nothing when the management port is off. */
    public static void serve(CamelContext context, PrometheusMeterRegistry registry) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return;
        }
        server.getRouter().get(PATH).handler(ctx ->
                // Gauges read queues and the disk: off the management server's event loop.
                ctx.vertx().<String>executeBlocking(() -> registry.scrape(), false).onComplete(scrape -> {
                    if (scrape.succeeded()) {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(scrape.result());
                    } else {
                        ctx.response().setStatusCode(500).end();
                    }
                }));
    }
}
