package io.webhookbridge.dispatch;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Adds the route that drains a target's delivery queue, from the template {@code deliver-to-target} in
 * {@code routes/50-targets.camel.yaml}; the target's kind picks the steps that prepare an event for it.
 */
final class DeliveryRoutes {

    static final String TEMPLATE = "deliver-to-target";

    private final CamelContext context;
    private final TargetRateLimits rateLimits;

    DeliveryRoutes(CamelContext context, TargetRateLimits rateLimits) {
        this.context = context;
        this.rateLimits = rateLimits;
    }

    boolean hasOwnRateLimit(TargetUri target) {
        return rateLimits.setFor(target);
    }

    /** Adds route {@code deliver-<id>}, which reads {@code queue} and sends each event to {@code endpoint}. */
    void add(TargetUri target, String queue, String endpoint) {
        TemplatedRouteBuilder.builder(context, TEMPLATE)
                .routeId("deliver-" + target.id())
                .parameter("kind", target.kind())
                .parameter("targetUri", endpoint)
                .parameter("targetName", target.masked())
                .parameter("targetId", target.id())
                .parameter("deliveryQueue", queue)
                .parameter("rateLimit", String.valueOf(rateLimits.of(target)))
                .add();
    }
}
