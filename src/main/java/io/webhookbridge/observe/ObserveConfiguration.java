package io.webhookbridge.observe;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Metrics and the logging context, wired first so that every later configuration finds them: {@code meterRegistry}
 * (a Prometheus registry with the JVM's meters and the data disk's usage), {@code brokerMetricsPlugin} (the broker's
 * meters in that registry), the scrape at {@code /observe/metrics} on the management port, and the log listener that
 * puts an event's id, kind and target into the context of the routes' log lines; {@code webhookMeters} and
 * {@code invalidSignatures}, which the webhook port and its error handling record into.
 */
public class ObserveConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.data.dir")
    private String dataDir;

    /**
     * The routes that answer webhooks (and the rules they call) get no route meters: each would add timers to every
     * request on the event loop, and the webhook meters already count them.
     */
    static final String ROUTE_METERS_EXCLUDE = "ingress-*,verify-*,stage-event,choose-targets";

    /**
     * Camel's route meters ({@code camel_exchanges_*}, the route timers) in the bridge's registry, for the delivery and
     * dispatch routes; not for the routes the pattern excludes, nor a context-wide meter.
     */
    private MicrometerRoutePolicyFactory routeMeters(MeterRegistry registry) {
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(registry);
        // Its app_info gauge has no help text, which promtool refuses; the JVM and build meters say what it would.
        factory.setSkipCamelInfo(true);
        MicrometerRoutePolicyConfiguration policy = new MicrometerRoutePolicyConfiguration();
        policy.setContextEnabled(false);
        policy.setExcludePattern(ROUTE_METERS_EXCLUDE);
        factory.setPolicyConfiguration(policy);
        return factory;
    }

    /**
     * The bridge's meter registry, which this configuration binds first; a context assembled without it (a test, the
     * route check) gets a simple one, bound for the configurations after it.
     */
    public static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
        if (registry == null) {
            registry = new SimpleMeterRegistry();
            context.getRegistry().bind("meterRegistry", registry);
        }
        return registry;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Before any meter exists: a filter applies only to meters registered after it.
        registry.config().meterFilter(new PrometheusLintFilter());
        // No pause compensation: the default detector runs a thread and adds work to every timer's record, and the ack
        // latency is recorded on the HTTP event loop.
        registry.config().pauseDetector(new NoPauseDetector());
        context.getRegistry().bind("meterRegistry", registry);
        BrokerMetricsPlugin brokerMetrics = new BrokerMetricsPlugin(registry);
        context.getRegistry().bind("brokerMetricsPlugin", brokerMetrics);

        JvmGcMetrics gc = new JvmGcMetrics();
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new JvmInfoMetrics(), new ProcessorMetrics(), new FileDescriptorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        DataDiskUsage.register(registry, dataDir);
        // The webhook port records into these; the admin overview reads them.
        context.getRegistry().bind("webhookMeters", new WebhookMeters(registry));
        context.getRegistry().bind("invalidSignatures", new InvalidSignatures());
        // Stopped with the context (after the broker, added before it): the GC meters listen to the JVM's GC
        // notifications until closed.
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                gc.close();
                brokerMetrics.close();
                registry.close();
            }
        }, true, true);

        context.getCamelContextExtension().addLogListener(new EventLogContext());
        context.addRoutePolicyFactory(routeMeters(registry));

        // Fully started: after the management port's access check is in place (ManagementConfiguration), so that the
        // scrape is never served without it.
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                MetricsEndpoint.serve(ctx, registry);
            }
        });
    }
}
