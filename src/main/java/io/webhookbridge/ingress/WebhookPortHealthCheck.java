package io.webhookbridge.ingress;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready only once the webhook port is open. The port opens after every route and target has started, a moment
 * after Camel reports itself started; a load balancer that trusted Camel alone would send webhooks to a closed port.
 */
public final class WebhookPortHealthCheck extends AbstractHealthCheck {

    private final WebhookHttpEngine engine;

    public WebhookPortHealthCheck(WebhookHttpEngine engine) {
        super("webhook-bridge", "webhook-port");
        this.engine = engine;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int port = engine.getServerPort();
        if (port > 0) {
            builder.detail("port", port);
            builder.up();
        } else {
            builder.message("webhook port not open yet").down();
        }
    }
}
