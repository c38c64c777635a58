package io.webhookbridge.signature;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature secrets Vonage signs webhooks with, shared by the Messages (JWT) and SMS (sig) checks.
 * <p>
 * {@code VONAGE_SIGNATURE_SECRET} holds one secret, or several separated by commas during a rotation;
 * {@code VONAGE_SIGNATURE_SECRETS} maps API keys to their own secret ({@code apikey=secret,...}). A mapped
 * API key uses only its own secret; any other key falls back to the default secrets, if there are any.
 */
public final class SignatureSecrets {

    private static final List<String> DECOY = List.of(decoySecret());

    private final List<String> defaults;
    private final Map<String, String> byApiKey;

    public SignatureSecrets(String defaultSecrets, String secretsByApiKey) {
        this.defaults = Collections.unmodifiableList(splitList(defaultSecrets));
        this.byApiKey = Collections.unmodifiableMap(splitMap(secretsByApiKey));
        if (defaults.isEmpty() && byApiKey.isEmpty()) {
            throw new IllegalStateException("No Vonage signature secret configured: set VONAGE_SIGNATURE_SECRET "
                    + "(Dashboard > Settings > Signature secret; several separated by commas while rotating) "
                    + "or VONAGE_SIGNATURE_SECRETS as apikey=secret,apikey2=secret2");
        }
    }

    /** The secrets to try for a request claiming this API key; empty when the key is unknown. */
    private List<String> secretsFor(String apiKey) {
        if (apiKey != null) {
            String own = byApiKey.get(apiKey);
            if (own != null) {
                return List.of(own);
            }
        }
        return defaults;
    }

    /**
     * The secrets to try, or for an unknown key a random one no request can match: the caller then does the same work
     * and gives the same answer as for a wrong signature, so a sender cannot tell which API keys are configured.
     */
    public List<String> secretsOrDecoyFor(String apiKey) {
        List<String> secrets = secretsFor(apiKey);
        return secrets.isEmpty() ? DECOY : secrets;
    }

    public int size() {
        return defaults.size() + byApiKey.size();
    }

    private static String decoySecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                String s = part.trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Map<String, String> splitMap(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : splitList(value)) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalStateException("VONAGE_SIGNATURE_SECRETS must look like apikey=secret,apikey2=secret2"
                        + " (entry " + (out.size() + 1) + " is not)");
            }
            out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return out;
    }

    @Override
    public String toString() {
        // Never the secrets themselves.
        return "SignatureSecrets[default=" + defaults.size() + ", apiKeys=" + byApiKey.keySet() + "]";
    }
}
