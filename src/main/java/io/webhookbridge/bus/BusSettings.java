package io.webhookbridge.bus;

import org.apache.camel.util.URISupport;

/**
 * The {@code bridge.bus.*} settings: the external Artemis that {@code jms:} targets are delivered to, see
 * config/application.properties. An empty {@code url} means no external bus: {@code jms:} targets are queues on
 * the embedded broker.
 */
public record BusSettings(
        String url,
        String user,
        String password,
        String localPrefix,
        long retryIntervalMs,
        long maxRetryIntervalMs,
        long checkTimeoutMs) {

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The URL for logs and health details: any password-like option masked. */
    public String maskedUrl() {
        return URISupport.sanitizeUri(url);
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
