package io.webhookbridge.dispatch;

import java.util.Locale;

import io.webhookbridge.event.SafeText;
import io.webhookbridge.event.Sha256;
import org.apache.camel.util.URISupport;

/**
 * A target, as its Camel endpoint URI names it ({@code jms:queue:vonage.inbound}, {@code file:/var/spool/vonage},
 * {@code https://example.com/hook}), and what the bridge reads from that URI: its id, its kind, the queue a plain
 * JMS target is, and a form safe to log.
 */
public record TargetUri(String uri) {

    /** A readable, stable, queue-name-safe id: the URI without options or user info, plus a hash of the whole URI. */
    public String id() {
        String base = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        base = base.replaceFirst("^(https?:)//[^/@]*@", "$1//");
        return SafeText.replaceUnsafe(base, "._", '-', true, 48) + '-' + Sha256.hexPrefix(uri, 4);
    }

    /** The URI with any password, token or user info masked, for logs and the dead-letter reason. */
    public String masked() {
        return URISupport.sanitizeUri(uri);
    }

    /** Whether the URI carries credentials, which must never be written to disk. */
    public boolean hasSecrets() {
        return !masked().equals(uri);
    }

    /** {@code jms}, {@code file} or {@code http} (for http: and https:), the kinds the bridge delivers to. */
    public String kind() {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        return switch (scheme) {
            case "jms", "file" -> scheme;
            case "http", "https" -> "http";
            default -> throw new IllegalArgumentException("unsupported target '" + masked()
                    + "': use a jms:, file:, http: or https: URI");
        };
    }

    /** The queue of a {@code jms:queue:X} or {@code jms:X} target without options; null for any other URI. */
    public String plainJmsQueue() {
        JmsDestination destination = JmsDestination.parse(uri);
        if (destination == null || !destination.isQueue() || !destination.options().isEmpty()) {
            return null;
        }
        String name = destination.name();
        boolean plain = !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
        return plain ? name : null;
    }

    /** The URI a delivery route sends to: file targets write through a temporary name, so no reader sees a partial file. */
    public String endpointUri() {
        if (uri.toLowerCase(Locale.ROOT).startsWith("file:") && !uri.contains("tempPrefix=") && !uri.contains("tempFileName=")) {
            return uri + (uri.contains("?") ? "&" : "?") + "tempPrefix=.inprogress-";
        }
        return uri;
    }

    /** Never the URI itself: it may carry credentials. */
    @Override
    public String toString() {
        return masked();
    }
}
