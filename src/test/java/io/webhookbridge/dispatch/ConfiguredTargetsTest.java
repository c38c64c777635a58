package io.webhookbridge.dispatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.webhookbridge.BridgeRunner;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A target named only in the configuration gets its queue and delivery route when the bridge starts. */
class ConfiguredTargetsTest {

    @TempDir
    Path work;

    @Test
    void everyTargetKeyOfThePropertiesFileIsATarget() throws Exception {
        Path config = work.resolve("application.properties");
        Files.writeString(config, """
                bridge.target.inbound = jms:queue:in
                bridge.target.status = {{env:BRIDGE_TEST_UNSET_STATUS_TARGET:jms:queue:st}}
                bridge.target.inbound.whatsapp = jms:queue:wa , file:/var/spool/wa
                bridge.target.status.rejected =
                bridge.other = jms:queue:not-a-target
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:" + config);
            List<String> targets = new ConfiguredTargets(context, new TargetResolver(context)).all();

            // Placeholders resolved, values trimmed, blank keys and other keys left out, each list once.
            assertTrue(targets.containsAll(List.of("jms:queue:in", "jms:queue:st", "jms:queue:wa , file:/var/spool/wa")),
                    targets.toString());
            assertTrue(targets.stream().noneMatch(t -> t.contains("not-a-target") || t.isBlank()), targets.toString());
            assertEquals(targets.size(), targets.stream().distinct().count(), targets.toString());
        }
    }

    @Test
    void aConfiguredTargetHasItsQueueAndDeliveryRouteBeforeAnyEvent() throws Exception {
        String fileTarget = "file:" + work.resolve("whatsapp");
        try (BridgeRunner bridge = new BridgeRunner(work)
                .property("bridge.target.inbound.whatsapp", "jms:queue:configured.whatsapp," + fileTarget)
                .start()) {
            assertNotNull(bridge.broker().server().locateQueue("configured.whatsapp"));
            assertNotNull(bridge.context().getRoute("deliver-" + new TargetUri(fileTarget).id()));
            assertEquals(0, bridge.broker().messageCount("bridge.staging"), "no event was sent");
        }
    }
}
