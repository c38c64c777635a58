package io.webhookbridge.admin;

/**
 * An admin call refused for a reason other than a bad parameter (which is an {@link IllegalArgumentException}, 400):
 * the API answers {@link #status()} with the message, e.g. 409 when too many replay jobs wait.
 */
final class RefusedCall extends RuntimeException {

    private final int status;

    RefusedCall(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
