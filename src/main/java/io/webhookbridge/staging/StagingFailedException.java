package io.webhookbridge.staging;

/** The broker did not confirm the write of an event: answered 503 so that Vonage retries. */
public class StagingFailedException extends Exception {
    public StagingFailedException(String reason) {
        super(reason, null, false, false);
    }
}
