package io.webhookbridge.dispatch;

import java.util.List;
import java.util.Locale;

/**
 * The {@code bridge.target.*} keys (and {@code BRIDGE_TARGET_*} variables) that set something of a configured target,
 * such as its bearer token, rather than name targets: {@code bridge.target.<name>.<setting>}, or
 * {@code BRIDGE_TARGET_<NAME>_<SETTING>}: its credentials, its rate limit. They are never read as target URIs, so a
 * secret can never become one (nor be looked up through a payload's channel or status).
 */
public final class TargetSettingKeys {

    public static final String SIGNING_SECRETS = "SIGNING_SECRETS";
    public static final String BEARER_TOKEN = "BEARER_TOKEN";
    public static final String BASIC_USER = "BASIC_USER";
    public static final String BASIC_PASSWORD = "BASIC_PASSWORD";
    public static final String CLIENT_KEYSTORE = "CLIENT_KEYSTORE";
    public static final String CLIENT_KEYSTORE_PASSWORD = "CLIENT_KEYSTORE_PASSWORD";
    public static final String TRUSTSTORE = "TRUSTSTORE";
    public static final String TRUSTSTORE_PASSWORD = "TRUSTSTORE_PASSWORD";

    /** Deliveries per second at most, for a target with a delivery route. */
    public static final String RATE_LIMIT = "RATE_LIMIT";

    /** The settings an HTTP target's credentials are made of. */
    public static final List<String> CREDENTIALS = List.of(SIGNING_SECRETS, BEARER_TOKEN, BASIC_USER, BASIC_PASSWORD,
            CLIENT_KEYSTORE, CLIENT_KEYSTORE_PASSWORD, TRUSTSTORE, TRUSTSTORE_PASSWORD);

    /** Every setting, as it ends a variable name; none of them ends another one. */
    public static final List<String> SETTINGS = List.of(SIGNING_SECRETS, BEARER_TOKEN, BASIC_USER, BASIC_PASSWORD,
            CLIENT_KEYSTORE, CLIENT_KEYSTORE_PASSWORD, TRUSTSTORE, TRUSTSTORE_PASSWORD, RATE_LIMIT);

    private TargetSettingKeys() {
    }

    /** A key or variable in the form of an environment variable: upper case, '.' and '-' as '_'. */
    public static String normalized(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The setting a key or variable sets ({@link #BEARER_TOKEN}, ...), or null when it names targets. */
    public static String settingOf(String key) {
        String normalized = normalized(key);
        for (String setting : SETTINGS) {
            if (normalized.endsWith("_" + setting)) {
                return setting;
            }
        }
        return null;
    }

    public static boolean isSetting(String key) {
        return settingOf(key) != null;
    }

    /** The property key of a target's setting, e.g. {@code bridge.target.inbound.bearer-token}. */
    public static String propertyKey(String targetKey, String setting) {
        return targetKey + "." + setting.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
