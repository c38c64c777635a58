package io.webhookbridge.event;

/** A correctly signed body the bridge cannot classify: answered 400 and kept on the dead-letter queue. */
public class InvalidPayloadException extends Exception {
    public InvalidPayloadException(String reason) {
        super(reason, null, false, false);
    }
}
