package io.webhookbridge.httptarget;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What one HTTP target's deliveries carry besides the event: signatures, an {@code Authorization} value and TLS
 * settings, each optional. Held in memory only; {@link #toString()} says which are set, never their values.
 */
final class TargetCredentials {

    private final String target;
    private final SigningSecrets signing;
    private final String authorization;
    private final String authorizationScheme;
    private final TargetTls tls;

    TargetCredentials(String target, SigningSecrets signing, String authorizationScheme, String authorization, TargetTls tls) {
        this.target = target;
        this.signing = signing;
        this.authorizationScheme = authorizationScheme;
        this.authorization = authorization;
        this.tls = tls;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The configured target's name, e.g. {@code inbound}. */
    String target() {
        return target;
    }

    SigningSecrets signing() {
        return signing;
    }

    String authorization() {
        return authorization;
    }

    TargetTls tls() {
        return tls;
    }

    /** Which settings are in use, for the start-up log: e.g. "2 signing secrets, bearer token, trust store". */
    String described() {
        List<String> parts = new ArrayList<>();
        if (signing != null) {
            parts.add(signing.count() + (signing.count() == 1 ? " signing secret" : " signing secrets"));
        }
        if (authorizationScheme != null) {
            parts.add(authorizationScheme);
        }
        if (tls != null) {
            parts.add("TLS settings");
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "TargetCredentials[" + target + ": " + described() + ", values ******]";
    }
}
