package io.webhookbridge;

import java.util.Arrays;

import io.webhookbridge.admin.AdminClient;
import io.webhookbridge.admin.AdminConfiguration;
import io.webhookbridge.broker.BrokerConfiguration;
import io.webhookbridge.bus.BusConfiguration;
import io.webhookbridge.console.ConsoleConfiguration;
import io.webhookbridge.dispatch.DispatchConfiguration;
import io.webhookbridge.httptarget.HttpTargetConfiguration;
import io.webhookbridge.ingress.IngressConfiguration;
import io.webhookbridge.management.ManagementConfiguration;
import io.webhookbridge.messages.MessagesConfiguration;
import io.webhookbridge.observe.ObserveConfiguration;
import io.webhookbridge.ordering.OrderingConfiguration;
import io.webhookbridge.pacing.PacingConfiguration;
import io.webhookbridge.routecheck.RouteCheck;
import io.webhookbridge.signature.SignatureConfiguration;
import io.webhookbridge.sms.SmsConfiguration;
import io.webhookbridge.staging.StagingConfiguration;
import io.webhookbridge.tools.SampleSender;
import io.webhookbridge.tools.WarmUp;
import org.apache.camel.main.Main;

/**
 * {@code java -jar webhook-bridge.jar} starts the bridge from {@code config/application.properties} and
 * {@code routes/} in the working directory; {@code ... send-sample <file> [url]} posts a signed sample webhook;
 * {@code ... check-routes [payload files]} checks config/ and routes/ without starting the bridge;
 * {@code ... warm-up} starts and stops it once on throwaway ports and data (the build's class-data archive run);
 * {@code ... dlq|targets|where|job ...} call a running bridge's admin API ({@link AdminClient}).
 */
public final class Application {

    /** Where the configuration is read from; {@code BRIDGE_CONFIG} points elsewhere. */
    static final String CONFIG = "file:" + env("BRIDGE_CONFIG", "config/application.properties");

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "send-sample".equals(args[0])) {
            System.exit(SampleSender.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && "check-routes".equals(args[0])) {
            System.exit(RouteCheck.run(CONFIG, Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && AdminClient.COMMANDS.contains(args[0])) {
            System.exit(AdminClient.run(args));
        }
        if (args.length > 0 && "warm-up".equals(args[0])) {
            System.exit(WarmUp.run(newMain()));
        }
        System.exit(start(args));
    }

    /**
     * Runs the bridge; a start that fails exits with status 1 and its reason, since the broker's threads, already
     * running, would otherwise keep a bridge that serves nothing alive.
     */
    static int start(String[] args) {
        try {
            return newMain().run(args);
        } catch (Exception e) {
            System.err.println("webhook-bridge did not start: "
                    + String.valueOf(e.getMessage()).replace("\r", "\\r").replace("\n", "\\n"));
            return 1;
        }
    }

    /**
     * The bridge as camel-main runs it; tests start the same thing with override properties. Each feature wires its
     * own beans, in this order: a configuration may use the beans of those before it. {@link StartSequence}, last,
     * creates the configured targets' delivery routes, opens the webhook port and logs the summary.
     */
    public static Main newMain() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(CONFIG);
        main.configure().withConfigurations(
                // First: the meter registry and the log context, which every later configuration may use.
                ObserveConfiguration.class,
                BrokerConfiguration.class,
                StagingConfiguration.class,
                SignatureConfiguration.class,
                MessagesConfiguration.class,
                SmsConfiguration.class,
                BusConfiguration.class,
                DispatchConfiguration.class,
                OrderingConfiguration.class,
                HttpTargetConfiguration.class,
                IngressConfiguration.class,
                ManagementConfiguration.class,
                AdminConfiguration.class,
                ConsoleConfiguration.class,
                PacingConfiguration.class,
                StartSequence.class);
        return main;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
