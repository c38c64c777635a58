package io.webhookbridge.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.bus.BusForwarding;
import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.observe.InvalidSignatures;
import io.webhookbridge.observe.ObserveConfiguration;
import io.webhookbridge.observe.WebhookMeters;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsSignatureMethod;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The admin API on the management port (dead letters, targets, the overview and the loaded routes), and the delivery
 * meters: {@code deliveryMeters} for the delivery routes,
 * per-target and dead-letter gauges in {@code meterRegistry}. Runs after the management configuration, whose guard
 * keeps the API to holders of the management token.
 */
public class AdminConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.queue.staging")
    private String stagingQueue;
    @PropertyInject("bridge.queue.dead-letter")
    private String deadLetterQueue;
    @PropertyInject(value = "bridge.admin.replay-batch", defaultValue = "500")
    private int replayBatch;
    @PropertyInject("bridge.data.dir")
    private String dataDir;
    @PropertyInject("bridge.broker.max-disk-usage-percent")
    private double maxDiskUsagePercent;
    @PropertyInject("bridge.http.max-body-bytes")
    private int maxBodyBytes;
    @PropertyInject("vonage.signature.method")
    private String smsSignatureMethod;

    @Override
    public void configure(CamelContext context) throws Exception {
        MeterRegistry registry = ObserveConfiguration.meterRegistry(context);
        EmbeddedBroker broker = CamelContextHelper.mandatoryLookup(context, "embeddedBroker", EmbeddedBroker.class);
        TargetDeliveries deliveries = CamelContextHelper.mandatoryLookup(context, "targetDeliveries", TargetDeliveries.class);

        QueueControls queues = new QueueControls(broker);
        DeliveryMeters meters = new DeliveryMeters(registry);
        context.getRegistry().bind("deliveryMeters", meters);
        TargetGauges gauges = new TargetGauges(registry, queues);
        gauges.deadLetters(deadLetterQueue);
        // Before the dispatch configuration's start-up listener creates the configured targets.
        deliveries.onNewTarget(gauges::target);

        ReplayJobs replays = new ReplayJobs(queues, deadLetterQueue, replayBatch, deliveries::targets);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                replays.stop();
            }
        }, true, true);
        Overview overview = new Overview(
                CamelContextHelper.mandatoryLookup(context, "webhookMeters", WebhookMeters.class),
                CamelContextHelper.mandatoryLookup(context, "invalidSignatures", InvalidSignatures.class),
                // Bound only when an external bus is configured.
                context.getRegistry().lookupByNameAndType("busForwarding", BusForwarding.class),
                dataDir, maxDiskUsagePercent, queues, deadLetterQueue, deliveries);
        LoadedRoutes routes = new LoadedRoutes(context, deliveries,
                CamelContextHelper.mandatoryLookup(context, "signatureSecrets", SignatureSecrets.class),
                SmsSignatureMethod.fromConfig(smsSignatureMethod));
        AdminApi api = new AdminApi(new DeadLetters(broker, queues, deadLetterQueue, deliveries::targets), replays,
                new TargetControl(deliveries, queues, meters), new EventLocator(deliveries, queues, stagingQueue,
                        deadLetterQueue), deliveries, overview, routes, maxBodyBytes);
        // After the management configuration's listener has put its guard in front of the server.
        StartupListener mount = (ctx, alreadyStarted) -> {
            ManagementHttpServer server = ctx.hasService(ManagementHttpServer.class);
            if (server != null && server.getRouter() != null) {
                api.mount(server.getRouter());
            }
        };
        context.addStartupListener(mount);
    }
}
