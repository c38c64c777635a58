package io.webhookbridge.routecheck;

import java.util.List;

import io.webhookbridge.event.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Processor;
import org.apache.camel.support.ExpressionAdapter;

/**
 * Stands in, under its registry name, for a bean the service builds on the broker (the stagers, the target ids and
 * deliveries): the routes that call it load as at start-up, and an event that reaches it fails, naming it. It is a
 * processor ({@code process: ref:}), an expression ({@code ref:}) and has the one method the routes call by name.
 */
final class NeedsBroker extends ExpressionAdapter implements Processor {

    private final String name;

    NeedsBroker(String name) {
        this.name = name;
    }

    @Override
    public void process(Exchange exchange) {
        throw unavailable();
    }

    @Override
    public Object evaluate(Exchange exchange) {
        throw unavailable();
    }

    /** As {@code TargetDeliveries.deliveryEndpoints}, which route-to-targets calls by name. */
    public List<String> deliveryEndpoints(@Header(EventHeaders.TARGETS) String targets) {
        throw unavailable();
    }

    private IllegalStateException unavailable() {
        return new IllegalStateException(name + " needs the broker, which check-routes does not start");
    }

    @Override
    public String toString() {
        return name + " (needs the broker)";
    }
}
