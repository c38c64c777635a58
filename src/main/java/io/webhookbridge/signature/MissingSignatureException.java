package io.webhookbridge.signature;

/**
 * A request that should be signed but is not. Vonage says it may rarely send a callback unsigned and asks
 * for a 5xx so that it retries, signed, later: answered 503.
 */
public class MissingSignatureException extends Exception {
    public MissingSignatureException(String reason) {
        super(reason, null, false, false);
    }
}
