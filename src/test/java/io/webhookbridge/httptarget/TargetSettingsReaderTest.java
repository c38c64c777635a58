package io.webhookbridge.httptarget;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import io.webhookbridge.dispatch.TargetResolver;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How target credentials are named and checked, and that none of them can be read as a target. */
class TargetSettingsReaderTest {

    private static final String HOOK = "https://hooks.example.invalid/vonage";

    @TempDir
    Path work;

    @Test
    void environmentVariablesNamedAfterTheTargetsVariableSetItsCredentials() throws Exception {
        DefaultCamelContext context = context(new Properties());
        Map<String, TargetCredentials> byId = TargetSettingsReader.read(context, Map.of(
                "BRIDGE_TARGET_INBOUND_WHATSAPP", "jms:queue:a, " + HOOK,
                "BRIDGE_TARGET_INBOUND_WHATSAPP_BEARER_TOKEN", "t0ken-value"));
        TargetCredentials credentials = byId.get(new TargetUri(HOOK).id());
        assertEquals("Bearer t0ken-value", credentials.authorization());
        assertEquals(1, byId.size(), "the jms: target of the same variable gets nothing");
        assertFalse(credentials.toString().contains("t0ken-value"), credentials.toString());

        DefaultExchange exchange = new DefaultExchange(context);
        exchange.setProperty(HttpTargetCredentials.TARGET_ID, new TargetUri(HOOK).id());
        new HttpTargetCredentials(byId, java.time.Clock.systemUTC()).apply(exchange);
        assertEquals("Bearer t0ken-value", exchange.getMessage().getHeader("Authorization"));
    }

    @Test
    void propertiesSetBasicAuthAndTheVariableWins() {
        Properties properties = new Properties();
        properties.setProperty("bridge.target.status", HOOK);
        properties.setProperty("bridge.target.status.basic-user", "bridge");
        properties.setProperty("bridge.target.status.basic-password", "from-file");
        Map<String, TargetCredentials> byId = TargetSettingsReader.read(context(properties),
                Map.of("BRIDGE_TARGET_STATUS_BASIC_PASSWORD", "from-env"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bridge:from-env".getBytes(StandardCharsets.UTF_8)),
                byId.get(new TargetUri(HOOK).id()).authorization());
    }

    @Test
    void unusableSettingsStopTheStartNamingTheVariableNeverTheValue() {
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND_BEARER_TOKEN", "v4lue-1"), "no target BRIDGE_TARGET_INBOUND", "v4lue-1");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", "jms:queue:x", "BRIDGE_TARGET_INBOUND_BEARER_TOKEN", "v4lue-2"),
                "no http: or https: URI", "v4lue-2");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", HOOK, "BRIDGE_TARGET_INBOUND_BEARER_TOKEN", "v4lue-3",
                "BRIDGE_TARGET_INBOUND_BASIC_PASSWORD", "v4lue-4"), "not both", "v4lue-3");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", HOOK, "BRIDGE_TARGET_INBOUND_SIGNING_SECRETS", "whsec_" + "c2hvcnQ="),
                "BRIDGE_TARGET_INBOUND_SIGNING_SECRETS", "c2hvcnQ=");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", HOOK, "BRIDGE_TARGET_INBOUND_SIGNING_SECRETS", "n0t-a-whsec-secret"),
                "BRIDGE_TARGET_INBOUND_SIGNING_SECRETS", "n0t-a-whsec-secret");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", HOOK, "BRIDGE_TARGET_INBOUND_TRUSTSTORE", work.resolve("none.p12").toString(),
                "BRIDGE_TARGET_INBOUND_TRUSTSTORE_PASSWORD", "v4lue-5"), "BRIDGE_TARGET_INBOUND_TRUSTSTORE) does not exist", "v4lue-5");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", HOOK, "BRIDGE_TARGET_INBOUND_TRUSTSTORE", "/etc/ssl/x.p12"),
                "BRIDGE_TARGET_INBOUND_TRUSTSTORE_PASSWORD", "v4lue-7");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", HOOK, "BRIDGE_TARGET_INBOUND_BEARER_TOKEN", "v4lue-6\r\nX-Injected: 1"),
                "control character", "v4lue-6");
        assertRefused(Map.of("BRIDGE_TARGET_INBOUND", "https://ours.example/hook,https://partner.example/hook",
                "BRIDGE_TARGET_INBOUND_BEARER_TOKEN", "v4lue-8"), "more than one host", "v4lue-8");
    }

    @Test
    void aChannelOrStatusNamedLikeASettingNeverReadsACredentialAsATarget() {
        Properties properties = new Properties();
        properties.setProperty("bridge.target.inbound", HOOK);
        properties.setProperty("bridge.target.inbound.bearer_token", "s3cret-token");
        properties.setProperty("bridge.target.inbound.bearer-token", "s3cret-token");
        TargetResolver resolver = new TargetResolver(context(properties));
        assertEquals(HOOK, resolver.targets(EventHeaders.KIND_INBOUND_MESSAGE, "bearer_token", null));
        assertEquals(HOOK, resolver.targets(EventHeaders.KIND_INBOUND_MESSAGE, "bearer-token", null));
    }

    private void assertRefused(Map<String, String> environment, String expected, String secret) {
        SettingError error = assertThrows(SettingError.class, () -> TargetSettingsReader.read(context(new Properties()), environment));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains(secret), error.getMessage());
        assertNull(error.getCause());
    }

    private static DefaultCamelContext context(Properties properties) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(properties);
        return context;
    }
}
