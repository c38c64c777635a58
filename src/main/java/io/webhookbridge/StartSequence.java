package io.webhookbridge;

import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

import io.webhookbridge.bus.BusSettings;
import io.webhookbridge.dispatch.ConfiguredTargets;
import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetResolver;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.ingress.WebhookHttpEngine;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last steps of a start, in this order, once every YAML route runs: the delivery routes of the configured targets,
 * then the webhook port (so no event is taken before its target's route exists, and Vonage never gets a 404 from a
 * starting bridge), then the one INFO line a start ends with: ports, data directory, targets and bus (any credentials
 * masked), and which signature settings are set, never their values.
 */
public class StartSequence implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StartSequence.class);

    @PropertyInject("bridge.http.host")
    private String httpHost;
    @PropertyInject("camel.management.host")
    private String managementHost;
    @PropertyInject("camel.management.port")
    private String managementPort;
    @PropertyInject("bridge.data.dir")
    private String dataDir;
    @PropertyInject("vonage.signature.secret")
    private String signatureSecret;
    @PropertyInject("vonage.signature.secrets")
    private String signatureSecretsByApiKey;
    @PropertyInject("bridge.broker.port")
    private int brokerPort;
    @PropertyInject("vonage.signature.method")
    private String smsSignatureMethod;
    @PropertyInject("bridge.sms.signature-required")
    private boolean smsSignatureRequired;
    @PropertyInject("bridge.sms.unsigned-sources")
    private String smsUnsignedSources;

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                TargetResolver resolver = CamelContextHelper.mandatoryLookup(ctx, "targetResolver", TargetResolver.class);
                CamelContextHelper.mandatoryLookup(ctx, "targetDeliveries", TargetDeliveries.class)
                        .start(new ConfiguredTargets(ctx, resolver).all());
                CamelContextHelper.mandatoryLookup(ctx, "webhookHttpEngine", WebhookHttpEngine.class).listen();
                LOG.info("{}", summary(ctx));
            }
        });
    }

    String summary(CamelContext context) {
        int webhookPort = CamelContextHelper.mandatoryLookup(context, "webhookHttpEngine", WebhookHttpEngine.class)
                .getServerPort();
        TargetResolver resolver = CamelContextHelper.mandatoryLookup(context, "targetResolver", TargetResolver.class);
        BusSettings bus = BusSettings.from(context);
        return "webhook-bridge ready: webhook port " + httpHost + ":" + webhookPort
                + ", management port " + managementHost + ":" + managementPort
                + ", broker TCP port " + (brokerPort > 0 ? "127.0.0.1:" + brokerPort : "off")
                + ", data " + Path.of(dataDir).toAbsolutePath().normalize()
                + ", targets " + masked(new ConfiguredTargets(context, resolver).all())
                + ", bus " + (bus.enabled() ? bus.maskedUrl() : "off")
                + ", Messages API signature secret " + setOrNot(signatureSecret)
                + ", per-account secrets " + setOrNot(signatureSecretsByApiKey)
                + ", SMS signature method " + smsSignatureMethod + " " + (smsSignatureRequired ? "required" : "not required")
                + (smsSignatureRequired ? "" : " (unsigned sources " + (isSet(smsUnsignedSources) ? "limited" : "any") + ")");
    }

    private static String masked(List<String> targetLists) {
        StringJoiner all = new StringJoiner(", ", "[", "]");
        for (String targets : targetLists) {
            for (String target : targets.split(",")) {
                if (!target.isBlank()) {
                    all.add(new TargetUri(target.trim()).masked());
                }
            }
        }
        return all.toString();
    }

    private static String setOrNot(String value) {
        return isSet(value) ? "set" : "not set";
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
