package io.webhookbridge.httptarget;

import java.time.Clock;
import java.util.Map;

import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the HTTP targets' credentials (signing secrets, bearer or basic auth, client certificate, trust store) and binds
 * {@code httpTargetCredentials}, which route {@code prepare-http-delivery} calls; runs after the dispatch configuration
 * (which reads the targets' settings, {@value TargetSettings#BEAN}) and before the delivery routes are made. A setting
 * that cannot be used stops the start.
 */
public class HttpTargetConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTargetConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Map<String, TargetCredentials> byId = TargetSettingsReader.read(
                CamelContextHelper.mandatoryLookup(context, TargetSettings.BEAN, TargetSettings.class));
        HttpTargetCredentials credentials = new HttpTargetCredentials(byId, Clock.systemUTC());
        byId.forEach((id, target) -> {
            if (target.tls() != null) {
                context.getRegistry().bind(HttpTargetCredentials.TLS_BEAN_PREFIX + id, target.tls());
            }
            LOG.info("HTTP target {} of {}: {}", id, target.target(), target.described());
        });
        context.getRegistry().bind("httpTargetCredentials", credentials);
        CamelContextHelper.mandatoryLookup(context, "targetDeliveries", TargetDeliveries.class).endpointOptions(credentials);
    }
}
