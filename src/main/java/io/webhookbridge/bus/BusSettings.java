package io.webhookbridge.bus;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.util.URISupport;

/**
 * The external Artemis that {@code jms:} targets are delivered to, each field bound from the property named above it
 * (see config/application.properties). An empty {@code url} means no external bus: {@code jms:} targets are queues on
 * the embedded broker.
 */
public final class BusSettings {

    @PropertyInject(value = "bridge.bus.url", defaultValue = "")
    private String url;
    @PropertyInject(value = "bridge.bus.user", defaultValue = "")
    private String user;
    @PropertyInject(value = "bridge.bus.password", defaultValue = "")
    private String password;
    @PropertyInject(value = "bridge.bus.local-prefix", defaultValue = "bridge.bus.")
    private String localPrefix;
    @PropertyInject(value = "bridge.bus.retry-interval-ms", defaultValue = "1000")
    private long retryIntervalMs;
    @PropertyInject(value = "bridge.bus.max-retry-interval-ms", defaultValue = "30000")
    private long maxRetryIntervalMs;
    @PropertyInject(value = "bridge.bus.check-timeout-ms", defaultValue = "5000")
    private long checkTimeoutMs;

    /** The settings as the context's properties give them (placeholders, environment variables and overrides applied). */
    public static BusSettings from(CamelContext context) {
        return context.getInjector().newInstance(BusSettings.class);
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The URL for logs and health details: any password-like option masked. */
    public String maskedUrl() {
        return URISupport.sanitizeUri(url);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String localPrefix() {
        return localPrefix;
    }

    public long retryIntervalMs() {
        return retryIntervalMs;
    }

    public long maxRetryIntervalMs() {
        return maxRetryIntervalMs;
    }

    public long checkTimeoutMs() {
        return checkTimeoutMs;
    }

    String userOrNull() {
        return user == null || user.isBlank() ? null : user;
    }

    String passwordOrNull() {
        return password == null || password.isEmpty() ? null : password;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "BusSettings[url=" + maskedUrl() + ", user=" + user + ", localPrefix=" + localPrefix + "]";
    }
}
