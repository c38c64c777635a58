package io.webhookbridge.signature;

/** A request whose signature is present but wrong, stale, or made with an unknown key: answered 401, never retried. */
public class InvalidSignatureException extends Exception {
    public InvalidSignatureException(String reason) {
        super(reason, null, false, false);
    }
}
