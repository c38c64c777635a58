package io.webhookbridge.httptarget;

/**
 * A target setting that cannot be used; stops the start. Its message names the target and the variable to fix, never
 * the value, and it carries no cause whose message might quote one.
 */
public final class SettingError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    SettingError(String message) {
        super(message);
    }
}
