package io.webhookbridge.routecheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.webhookbridge.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check-routes} as a user runs it: {@code Application.main} in a JVM of its own, in a directory holding a copy
 * of {@code config/} and {@code routes/}, with Vonage's payloads as arguments.
 */
class RouteCheckTest {

    private static final Path WHATSAPP_TEXT = Path.of("docs/samples/inbound-whatsapp-text.json").toAbsolutePath();
    private static final Path WHATSAPP_STATUS = Path.of("docs/samples/status-whatsapp-delivered.json").toAbsolutePath();
    /** Where 40-dispatch.camel.yaml invites rules, as the README shows them. */
    private static final String RULES_MARK = "        # Rules:";

    @TempDir
    Path work;

    private Path project;
    /** Variables the check runs with, besides this machine's own other than BRIDGE_* and VONAGE_*. */
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void copyConfigAndRoutes() throws IOException {
        project = work.resolve("project");
        for (String dir : new String[] {"config", "routes"}) {
            Files.createDirectories(project.resolve(dir));
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, project.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
    }

    @Test
    void samplesGoToTheConfiguredTargets() throws Exception {
        Path inboundSms = payload("inbound-sms-api.json", """
                {"msisdn":"447700900001","to":"447700900000","messageId":"0A0000000123ABCD1","text":"Hello",\
                "type":"text","keyword":"HELLO","api-key":"abcd1234","message-timestamp":"2025-06-02 12:15:03"}""");
        Path receipt = payload("delivery-receipt.txt", "msisdn=447700900001&to=AcmeShop&messageId=1B000000AAAA0002"
                + "&status=delivered&err-code=0&api-key=abcd1234&message-timestamp=2025-06-02%2012%3A15%3A03");

        // As on the bridge's own host: the account's secrets and the live data directory are in the environment.
        Path liveData = work.resolve("live-data");
        environment.put("VONAGE_SIGNATURE_SECRET", "the-account-secret");
        environment.put("VONAGE_SIGNATURE_SECRETS", "abcd1234=the-other-account-secret");
        environment.put("BRIDGE_DATA_DIR", liveData.toString());

        Result check = checkRoutes(WHATSAPP_TEXT.toString(), WHATSAPP_STATUS.toString(), inboundSms.toString(),
                receipt.toString());

        assertEquals(0, check.exitCode, check.output);
        check.printed(WHATSAPP_TEXT + ": inbound-message, channel whatsapp, message type text -> jms:queue:vonage.inbound");
        check.printed(WHATSAPP_STATUS + ": message-status, channel whatsapp, status delivered -> jms:queue:vonage.status");
        check.printed(inboundSms + ": inbound-sms, channel sms -> jms:queue:vonage.inbound");
        check.printed(receipt + ": delivery-receipt, channel sms, status delivered -> jms:queue:vonage.status");
        check.printed("configured targets: jms:queue:vonage.inbound, jms:queue:vonage.status");
        // Nothing of the bridge's state: no broker journal, no SMS parts store.
        assertFalse(Files.exists(liveData), "the check opened the data directory");
        assertFalse(Files.exists(project.resolve("data")), "the check created a data directory");
    }

    @Test
    void aRuleInTheRoutesChangesTheTargets() throws Exception {
        addRule("${header.vonageChannel} == 'whatsapp' && ${header.vonageMessageType} == 'text'",
                "jms:queue:vonage.whatsapp.text");

        Result check = checkRoutes(WHATSAPP_TEXT.toString(), WHATSAPP_STATUS.toString());

        assertEquals(0, check.exitCode, check.output);
        check.printed(WHATSAPP_TEXT + ": inbound-message, channel whatsapp, message type text -> jms:queue:vonage.whatsapp.text");
        check.printed(WHATSAPP_STATUS + ": message-status, channel whatsapp, status delivered -> jms:queue:vonage.status");
    }

    @Test
    void aBrokenRouteFileIsNamedWithItsLine() throws Exception {
        Files.writeString(project.resolve("routes/60-mine.camel.yaml"), """
                - route:
                    id: mine
                    from:
                      uri: direct:mine
                      steps:
                        - setHeader:
                            name: a
                           constant: b
                """);

        Result check = checkRoutes(WHATSAPP_TEXT.toString());

        assertEquals(1, check.exitCode, check.output);
        check.printed("ERROR routes/60-mine.camel.yaml:8");
    }

    @Test
    void anUnknownBeanIsNamedWithItsRoute() throws Exception {
        Files.writeString(project.resolve("routes/60-mine.camel.yaml"), """
                # My own step.
                - route:
                    id: mine
                    from:
                      uri: direct:mine
                      steps:
                        - process:
                            ref: noSuchBean
                """);

        Result check = checkRoutes();

        assertEquals(1, check.exitCode, check.output);
        check.printed("ERROR routes/60-mine.camel.yaml:2: route mine: ");
        check.printed("noSuchBean");
    }

    @Test
    void anUnsupportedTargetAndAnUnusablePayloadFail() throws Exception {
        addRule("${header.vonageChannel} == 'whatsapp'", "jms:queue:vonage.whatsapp,ftp://files.example.com/vonage");
        Path noUuid = payload("no-uuid.json", """
                {"channel":"whatsapp","to":"447700900777","from":"491701234567","message_type":"text","text":"hi"}""");

        Result check = checkRoutes(WHATSAPP_TEXT.toString(), noUuid.toString());

        assertEquals(1, check.exitCode, check.output);
        check.printed("ERROR " + WHATSAPP_TEXT + ": unsupported target 'ftp://files.example.com/vonage'");
        check.printed("ERROR " + noUuid + ": inbound-message that cannot be classified: missing message_uuid");
    }

    @Test
    void startsNoBrokerNoPortAndNoRouteThatTakesWebhooksOrReadsQueues() throws Exception {
        Main main = RouteCheck.newMain("file:config/application.properties");
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            assertNull(context.getRegistry().lookupByName("embeddedBroker"), "a broker");
            assertNull(context.getRegistry().lookupByName("webhookHttpEngine"), "a webhook server");
            assertNull(context.hasService(ManagementHttpServer.class), "a management server");
            assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus("ingress-inbound-message"));
            assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus("dispatch-staged-events"));
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("choose-targets"));
        } finally {
            main.stop();
        }
    }

    /** Puts a rule where 40-dispatch.camel.yaml's comment says rules go: events it matches get these targets. */
    private void addRule(String condition, String targets) throws IOException {
        Path dispatch = project.resolve("routes/40-dispatch.camel.yaml");
        String routes = Files.readString(dispatch);
        assertTrue(routes.contains(RULES_MARK), "40-dispatch.camel.yaml no longer marks where rules go");
        Files.writeString(dispatch, routes.replace(RULES_MARK, """
                        - choice:
                            when:
                              - simple: "%s"
                                steps:
                                  - setHeader:
                                      name: bridgeTargets
                                      constant: "%s"
                """.formatted(condition, targets) + RULES_MARK));
    }

    private Path payload(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    private Result checkRoutes(String... payloads) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName(), "check-routes"));
        command.addAll(List.of(payloads));
        Path output = work.resolve("check-routes.out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // Only config/ decides the targets and secrets, not this machine's environment.
        builder.environment().keySet().removeIf(name -> name.startsWith("BRIDGE_") || name.startsWith("VONAGE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("check-routes did not finish in 2 minutes:\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {

        void printed(String expected) {
            assertTrue(output.contains(expected), "expected \"" + expected + "\" in:\n" + output);
        }
    }
}
