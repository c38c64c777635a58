package io.webhookbridge.dispatch;

/**
 * Options a target's delivery endpoint needs beyond its URI, such as the TLS settings of an HTTPS target, added where
 * the delivery route is made: they are references to beans, never part of the URI, its id or anything recorded.
 */
@FunctionalInterface
public interface EndpointOptions {

    /** The endpoint URI a target's delivery route sends to, given the one the bridge would use. */
    String endpointUri(TargetUri target, String endpointUri);
}
