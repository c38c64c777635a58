package io.webhookbridge.event;

/**
 * A request that cannot be read far enough to check its signature (not a form or JSON object, bad encoding, too
 * many parameters, an over-long or ill-formed field). Nothing proves it came from Vonage, so nothing of it is kept:
 * answered 400 with the reason, never written anywhere.
 */
public class MalformedRequestException extends Exception {
    public MalformedRequestException(String reason) {
        super(reason, null, false, false);
    }
}
