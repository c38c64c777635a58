package io.webhookbridge.ingress;

import java.util.Set;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One webhook path and the HTTP methods it accepts; see {@link WebhookHttpComponent} for the URI. */
final class WebhookHttpEndpoint extends DefaultEndpoint {

    private final WebhookHttpEngine engine;
    private final String path;
    private final Set<String> methods;

    WebhookHttpEndpoint(String uri, WebhookHttpComponent component, WebhookHttpEngine engine, String path,
            Set<String> methods) {
        super(uri, component);
        this.engine = engine;
        this.path = path;
        // Kept in the route's order for the Allow header; never changed after this.
        this.methods = methods;
    }

    String path() {
        return path;
    }

    boolean allows(String method) {
        return methods.contains(method);
    }

    /** The value of the {@code Allow} header of a 405, in the order the route listed them. */
    String allowHeader() {
        return String.join(", ", methods);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (isBridgeErrorHandler()) {
            throw new IllegalArgumentException(getEndpointUri() + ": bridgeErrorHandler is not supported: a failure "
                    + "before the route runs is answered by the HTTP engine");
        }
        WebhookHttpConsumer consumer = new WebhookHttpConsumer(this, processor, engine);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(getEndpointUri() + ": " + WebhookHttpComponent.SCHEME
                + " receives webhooks; it can only be a route's from");
    }
}
