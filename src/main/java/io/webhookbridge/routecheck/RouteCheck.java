package io.webhookbridge.routecheck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.webhookbridge.admin.RouteTrial;
import io.webhookbridge.dispatch.ConfiguredTargets;
import io.webhookbridge.dispatch.TargetResolver;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.messages.MessagesConfiguration;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsSignatureMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.support.CamelContextHelper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code java -jar webhook-bridge.jar check-routes [payload files]}: a routes or configuration edit, tried before it
 * goes live. It starts camel-main as the bridge does (the same properties file, {@code routes/} by the same include
 * pattern, the same bean names: {@link RouteCheckConfiguration}) but without the broker, any port, the data directory
 * or the account's secrets: the routes are all created, so YAML errors, unknown beans and bad endpoint options fail as
 * at start-up, and only the {@code direct:} routes start. Then the configured targets are checked, and each payload
 * file goes through the real verify route (signed with the check's own secret) and {@code choose-targets}, which
 * prints its classification and targets.
 * Exit status 0 when all is well, 1 on any error (each printed on stderr, starting with its file and line when known).
 */
public final class RouteCheck {

    private final PrintStream out;
    private final PrintStream err;
    private int errors;

    private RouteCheck(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @param configLocation the properties file, as the bridge's own start reads it */
    public static int run(String configLocation, String[] payloadFiles) {
        if (payloadFiles.length > 0 && payloadFiles[0].startsWith("-")) {
            System.err.println("usage: check-routes [payload file ...]   (Vonage webhook bodies: Messages API JSON, "
                    + "SMS API JSON or form parameters)");
            return 2;
        }
        // What the check finds, and warnings: not the start-up lines of a context that never serves anything.
        Configurator.setRootLevel(Level.WARN);
        Main main = newMain(configLocation);
        try {
            return new RouteCheck(System.out, System.err).check(main, payloadFiles);
        } finally {
            main.stop();
        }
    }

    static Main newMain(String configLocation) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(configLocation);
        main.configure().withConfigurations(
                RouteCheckConfiguration.class,
                MessagesConfiguration.class);
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        main.addOverrideProperty("camel.main.source-location-enabled", "true");
        // Created (endpoints and beans resolved) but not started: they would take webhooks or read the broker.
        main.addOverrideProperty("camel.main.auto-startup-exclude-pattern", "webhook-http:*,jms:*");
        return main;
    }

    private int check(Main main, String[] payloadFiles) {
        try {
            main.start();
        } catch (Exception e) {
            error(RouteErrors.describe(e, main.getCamelContext()));
            return 1;
        }
        CamelContext context = main.getCamelContext();
        out.println("routes: " + context.getRoutes().size() + " loaded from "
                + context.resolvePropertyPlaceholders("{{camel.main.routes-include-pattern}}"));
        checkConfiguredTargets(context);
        SignatureSecrets secrets = CamelContextHelper.mandatoryLookup(context, "signatureSecrets", SignatureSecrets.class);
        SmsSignatureMethod smsMethod = SmsSignatureMethod.fromConfig(
                context.resolvePropertyPlaceholders("{{vonage.signature.method}}"));
        ProducerTemplate template = context.createProducerTemplate();
        try {
            for (String file : payloadFiles) {
                checkPayload(context, template, Path.of(file), secrets, smsMethod);
            }
        } finally {
            template.stop();
        }
        return errors == 0 ? 0 : 1;
    }

    /** Every target the configuration names must be one the bridge can deliver to, as its start requires. */
    private void checkConfiguredTargets(CamelContext context) {
        TargetResolver resolver = CamelContextHelper.mandatoryLookup(context, "targetResolver", TargetResolver.class);
        List<String> lists;
        try {
            lists = new ConfiguredTargets(context, resolver).all();
        } catch (RuntimeException e) {
            error("configuration: " + e.getMessage());
            return;
        }
        StringJoiner all = new StringJoiner(", ");
        for (String list : lists) {
            all.add(supported("configuration", list));
        }
        out.println("configured targets: " + all);
    }

    private void checkPayload(CamelContext context, ProducerTemplate template, Path file, SignatureSecrets secrets,
            SmsSignatureMethod smsMethod) {
        RouteTrial trial;
        try {
            trial = RouteTrial.guess(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | MalformedRequestException e) {
            error(file + ": cannot be read as a webhook body: " + e.getMessage());
            return;
        }
        RouteTrial.Outcome outcome;
        try {
            outcome = trial.run(context, template, secrets, smsMethod);
        } catch (Exception e) {
            error(file + ": cannot be signed: " + e.getMessage());
            return;
        }
        if (outcome.classification() == null) {
            error(file + ": " + outcome.error());
            return;
        }
        String classification = classification(outcome.classification());
        if (outcome.error() != null) {
            error(file + ": " + classification + ": " + outcome.error());
            return;
        }
        out.println(file + ": " + classification + " -> " + supported(file.toString(), String.join(",", outcome.targets())));
    }

    /** The masked targets of a comma-separated list, reporting each one the bridge cannot deliver to. */
    private String supported(String source, String targets) {
        List<String> masked = new ArrayList<>();
        for (String uri : targets.split(",")) {
            if (uri.isBlank()) {
                continue;
            }
            TargetUri target = new TargetUri(uri.trim());
            masked.add(target.masked());
            try {
                target.kind();
            } catch (IllegalArgumentException e) {
                error(source + ": " + e.getMessage());
            }
        }
        return String.join(", ", masked);
    }

    /** What the verify stage set: kind, channel, message type, status. */
    private static String classification(Map<String, String> event) {
        StringBuilder sb = new StringBuilder(String.valueOf(event.get(EventHeaders.KIND)));
        appendIfSet(sb, "channel", event.get(EventHeaders.CHANNEL));
        appendIfSet(sb, "message type", event.get(EventHeaders.MESSAGE_TYPE));
        appendIfSet(sb, "status", event.get(EventHeaders.STATUS));
        return sb.toString();
    }

    private static void appendIfSet(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(", ").append(name).append(' ').append(value);
        }
    }

    private void error(String message) {
        errors++;
        err.println("ERROR " + message);
    }
}
