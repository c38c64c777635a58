package io.webhookbridge.ingress;

import io.webhookbridge.observe.WebhookMeters;
import io.webhookbridge.signature.AddressRanges;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.CamelContextHelper;

/**
 * The webhook HTTP server that serves the routes' {@code webhook-http:} endpoints (component {@code webhook-http},
 * bean {@code webhookHttpEngine}), its health check and {@code errorReply}. Its port is opened by {@code StartSequence}
 * once the context has fully started, so that Vonage never gets a 404 from a starting bridge.
 */
public class IngressConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.http.host")
    private String httpHost;
    @PropertyInject("bridge.http.port")
    private int httpPort;
    @PropertyInject("bridge.http.event-loops")
    private int httpEventLoops;
    @PropertyInject("bridge.http.max-body-bytes")
    private long maxBodyBytes;
    @PropertyInject("bridge.http.max-in-flight")
    private int maxInFlight;
    @PropertyInject("bridge.http.request-timeout-ms")
    private long requestTimeoutMs;
    @PropertyInject("bridge.http.receive-timeout-ms")
    private long receiveTimeoutMs;
    @PropertyInject("bridge.http.idle-timeout-ms")
    private long idleTimeoutMs;
    @PropertyInject("bridge.http.max-pending-connections")
    private int maxPendingConnections;
    @PropertyInject("bridge.http.max-buffered-bytes")
    private long maxBufferedBytes;
    @PropertyInject("bridge.http.max-connections-per-address")
    private int maxConnectionsPerAddress;
    @PropertyInject("bridge.http.h2c")
    private boolean h2c;
    @PropertyInject("bridge.http.trusted-proxies")
    private String trustedProxies;
    @PropertyInject("bridge.http.retry-after-seconds")
    private int retryAfterSeconds;

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getRegistry().bind("errorReply", new ErrorReply());

        ConnectionLimits limits = new ConnectionLimits(receiveTimeoutMs, idleTimeoutMs, maxBufferedBytes,
                maxConnectionsPerAddress, maxPendingConnections, h2c, AddressRanges.parse(trustedProxies));
        WebhookHttpEngine engine = new WebhookHttpEngine(httpHost, httpPort, httpEventLoops, maxBodyBytes, maxInFlight,
                requestTimeoutMs, retryAfterSeconds, limits,
                CamelContextHelper.mandatoryLookup(context, "webhookMeters", WebhookMeters.class));
        context.addService(engine, true, true);
        context.getRegistry().bind("webhookHttpEngine", engine);
        context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(engine));
        HealthCheckRegistry.get(context).register(new WebhookPortHealthCheck(engine));
    }
}
