package io.webhookbridge.management;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;

/** {@code managementAccess}: who may see what on the management port, guarded from the moment the server runs. */
public class ManagementConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.management.token", defaultValue = "")
    private String managementToken;

    @Override
    public void configure(CamelContext context) throws Exception {
        ManagementAccess managementAccess = new ManagementAccess(managementToken);
        context.getRegistry().bind("managementAccess", managementAccess);
        // onCamelContextStarted: as soon as the management server runs, before the routes start, so that details
        // never leak meanwhile.
        StartupListener guard = (ctx, alreadyStarted) -> managementAccess.guard(ctx);
        context.addStartupListener(guard);
    }
}
