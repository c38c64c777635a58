package io.webhookbridge.ingress;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code webhook-http:} scheme: a route's {@code from} on the bridge's own HTTP server ({@link WebhookHttpEngine}).
 * <pre>
 * webhook-http:/webhooks/inbound-sms?methods=GET,POST
 * </pre>
 * The path is matched exactly (a trailing slash is ignored). The one option, {@code methods}, lists the HTTP methods
 * the path accepts, comma-separated; without it the path accepts POST only, as webhooks are posted. Any other option
 * fails the route at start-up, naming the URI: this is not Camel's {@code platform-http}, and an option it would
 * silently ignore is a mistake the route's author must hear about. The engine, not the URI, sets body size, timeouts
 * and connection limits ({@code bridge.http.*}).
 */
public final class WebhookHttpComponent extends DefaultComponent {

    public static final String SCHEME = "webhook-http";
    static final String METHODS = "methods";
    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final WebhookHttpEngine engine;

    public WebhookHttpComponent(WebhookHttpEngine engine) {
        this.engine = engine;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String path = withoutTrailingSlash(remaining.startsWith("/") ? remaining : "/" + remaining);
        String methods = getAndRemoveParameter(parameters, METHODS, String.class, "POST");
        // Whatever is left in parameters now fails the endpoint (validateParameters).
        return new WebhookHttpEndpoint(uri, this, engine, path, parseMethods(uri, methods));
    }

    @Override
    protected void validateParameters(String uri, Map<String, Object> parameters, String optionPrefix) {
        if (!parameters.isEmpty()) {
            throw new ResolveEndpointFailedException(uri, "unsupported option(s) " + parameters.keySet() + ": "
                    + SCHEME + " takes only '" + METHODS + "' (the HTTP methods the path accepts, default POST); "
                    + "limits and timeouts are the bridge.http.* settings");
        }
    }

    /** Only the options this class reads: never Camel's reflection onto endpoint setters the consumer would ignore. */
    @Override
    protected boolean useIntrospectionOnEndpoint() {
        return false;
    }

    /** A path as routes and requests are matched by it: {@code /hook/} is {@code /hook}. */
    static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Set<String> parseMethods(String uri, String methods) {
        Set<String> parsed = new LinkedHashSet<>();
        for (String method : methods.split(",")) {
            String name = method.trim().toUpperCase(Locale.ROOT);
            if (!HTTP_METHODS.contains(name)) {
                throw new IllegalArgumentException(uri + ": option " + METHODS + " lists '" + method.trim()
                        + "', not one of " + HTTP_METHODS);
            }
            parsed.add(name);
        }
        return parsed;
    }
}
