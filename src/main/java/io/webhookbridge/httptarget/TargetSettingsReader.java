package io.webhookbridge.httptarget;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.webhookbridge.dispatch.ConfiguredTargets;
import io.webhookbridge.dispatch.TargetSettingKeys;
import io.webhookbridge.dispatch.TargetSettings;
import io.webhookbridge.dispatch.TargetSettings.Named;
import io.webhookbridge.dispatch.TargetSettings.Setting;
import io.webhookbridge.dispatch.TargetUri;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the credentials of the configured HTTP targets: {@code bridge.target.<name>.<setting>} properties and
 * {@code BRIDGE_TARGET_<NAME>_<SETTING>} environment variables (the variable wins), where {@code bridge.target.<name>}
 * or {@code BRIDGE_TARGET_<NAME>} is the target. They attach to each http: or https: URI of that target, by URI, so a
 * routing rule naming the same URI gets them too. Anything unusable stops the start, naming the variable.
 */
final class TargetSettingsReader {

    private static final Logger LOG = LoggerFactory.getLogger(TargetSettingsReader.class);

    private TargetSettingsReader() {
    }

    /** The credentials of every HTTP target that has any, by target id. */
    static Map<String, TargetCredentials> read(CamelContext context, Map<String, String> environment) {
        return read(TargetSettings.read(context, environment));
    }

    /** The credentials of every HTTP target that has any, by target id, from the settings read at start. */
    static Map<String, TargetCredentials> read(TargetSettings all) {
        Map<String, Named> targets = all.targets();
        // Credentials only: a target's other settings (its rate limit) are read where they are used.
        Map<String, Map<String, Setting>> settings = new TreeMap<>();
        all.settings().forEach((name, set) -> set.forEach((setting, value) -> {
            if (TargetSettingKeys.CREDENTIALS.contains(setting)) {
                settings.computeIfAbsent(name, k -> new TreeMap<>()).put(setting, value);
            }
        }));
        Map<String, TargetCredentials> byId = new LinkedHashMap<>();
        Map<String, String> nameById = new HashMap<>();
        for (Map.Entry<String, Map<String, Setting>> entry : settings.entrySet()) {
            String name = entry.getKey();
            Named target = targets.get(name);
            String firstSource = entry.getValue().values().iterator().next().source();
            if (target == null) {
                throw new SettingError(firstSource + " is set, but no target " + ConfiguredTargets.ENVIRONMENT_PREFIX + name
                        + " is configured");
            }
            TargetCredentials credentials = null;
            String host = null;
            for (String uri : target.uris().split(",")) {
                TargetUri targetUri = new TargetUri(uri.trim());
                if (uri.isBlank() || !isHttp(targetUri)) {
                    continue;
                }
                if (credentials == null) {
                    credentials = credentials(name, entry.getValue());
                }
                // One target's token or password goes to one host only: a second host in the same value would be
                // handed credentials meant for the first.
                String uriHost = host(uri.trim());
                if (host != null && !host.equals(uriHost)) {
                    throw new SettingError("target " + ConfiguredTargets.ENVIRONMENT_PREFIX + name + " has credentials "
                            + "and URIs on more than one host (" + host + ", " + uriHost + "): give each host a target "
                            + "name of its own");
                }
                host = uriHost;
                if (credentials.authorization() != null && uri.trim().regionMatches(true, 0, "http:", 0, 5)) {
                    LOG.warn("Target {}{} sends its Authorization header in clear text over http: to {}; use https: "
                            + "unless the network between them is trusted", ConfiguredTargets.ENVIRONMENT_PREFIX, name,
                            uriHost);
                }
                String other = nameById.putIfAbsent(targetUri.id(), name);
                if (other != null && !other.equals(name)) {
                    throw new SettingError("targets " + ConfiguredTargets.ENVIRONMENT_PREFIX + other + " and "
                            + ConfiguredTargets.ENVIRONMENT_PREFIX + name + " both set credentials for " + targetUri.masked()
                            + ": set them on one of the two");
                }
                byId.put(targetUri.id(), credentials);
            }
            if (credentials == null) {
                throw new SettingError(firstSource + " is set, but target " + target.source()
                        + " has no http: or https: URI, the only kind that uses credentials");
            }
        }
        return byId;
    }

    /** The URI's host and port, for comparison and for a log line (never its user info or query). */
    private static String host(String uri) {
        try {
            java.net.URI parsed = java.net.URI.create(uri);
            return String.valueOf(parsed.getHost()).toLowerCase(java.util.Locale.ROOT)
                    + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static boolean isHttp(TargetUri uri) {
        try {
            return "http".equals(uri.kind());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static TargetCredentials credentials(String name, Map<String, Setting> set) {
        String target = ConfiguredTargets.ENVIRONMENT_PREFIX + name;
        SigningSecrets signing = null;
        Setting secrets = set.get(TargetSettingKeys.SIGNING_SECRETS);
        if (secrets != null) {
            signing = SigningSecrets.parse(secrets.value(), target, secrets.source());
        }
        Setting token = set.get(TargetSettingKeys.BEARER_TOKEN);
        Setting user = set.get(TargetSettingKeys.BASIC_USER);
        Setting password = set.get(TargetSettingKeys.BASIC_PASSWORD);
        String scheme = null;
        String authorization = null;
        if (token != null && (user != null || password != null)) {
            throw new SettingError("target " + target + ": set either a bearer token (" + token.source()
                    + ") or basic auth, not both");
        }
        if (token != null) {
            headerSafe(target, token);
            scheme = "bearer token";
            authorization = TargetCredentials.bearer(token.value());
        } else if (user != null || password != null) {
            if (user == null || password == null) {
                Setting missing = user == null ? password : user;
                throw new SettingError("target " + target + ": basic auth needs both a user and a password; only "
                        + missing.source() + " is set");
            }
            if (user.value().contains(":")) {
                throw new SettingError("target " + target + ": the basic auth user (" + user.source() + ") must not contain ':'");
            }
            headerSafe(target, user);
            headerSafe(target, password);
            scheme = "basic auth";
            authorization = TargetCredentials.basic(user.value(), password.value());
        }
        TargetTls tls = TargetTls.of(target, store(target, set, TargetSettingKeys.CLIENT_KEYSTORE,
                TargetSettingKeys.CLIENT_KEYSTORE_PASSWORD), store(target, set, TargetSettingKeys.TRUSTSTORE,
                TargetSettingKeys.TRUSTSTORE_PASSWORD));
        return new TargetCredentials(target, signing, scheme, authorization, tls);
    }

    private static TargetTls.Store store(String target, Map<String, Setting> set, String pathSetting, String passwordSetting) {
        Setting path = set.get(pathSetting);
        Setting password = set.get(passwordSetting);
        if (path == null && password == null) {
            return null;
        }
        if (path == null) {
            throw new SettingError("target " + target + ": " + password.source() + " is set, but not the store's path "
                    + target + "_" + pathSetting);
        }
        if (password == null) {
            throw new SettingError("target " + target + ": " + path.source() + " is set, but not its password "
                    + target + "_" + passwordSetting);
        }
        return new TargetTls.Store(path.value(), path.source(), password.value().toCharArray(), password.source());
    }

    /** A value that goes into a header must not be able to end it. */
    private static void headerSafe(String target, Setting setting) {
        if (setting.value().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SettingError("target " + target + ": " + setting.source() + " contains a control character");
        }
    }
}
