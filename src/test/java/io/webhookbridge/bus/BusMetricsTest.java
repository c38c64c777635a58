package io.webhookbridge.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.FreePorts;
import io.webhookbridge.PrometheusScrape;
import io.webhookbridge.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bus as an operator sees it in the metrics: with the bus unreachable, bridge_bus_connected is 0 and every
 * accepted event for it shows in bridge_bus_backlog.
 */
class BusMetricsTest {

    @TempDir
    Path work;

    @Test
    void anUnreachableBusShowsAsDisconnectedWithItsBacklog() throws Exception {
        // Nothing listens on this port: the bus is down from the start.
        try (BridgeRunner bridge = new BridgeRunner(work)
                .property("bridge.bus.url", "tcp://127.0.0.1:" + FreePorts.next())
                .property("bridge.bus.retry-interval-ms", "200")
                .property("bridge.bus.max-retry-interval-ms", "1000")
                .property("bridge.bus.check-timeout-ms", "1000")
                .property("bridge.target.inbound", "jms:queue:metrics.bus")
                .start()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                        Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString())).statusCode());
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PrometheusScrape scrape = new PrometheusScrape(bridge.management("/observe/metrics",
                        "Bearer " + BridgeRunner.MANAGEMENT_TOKEN).body());
                assertEquals(0, scrape.value("bridge_bus_connected"));
                assertEquals(3, scrape.value("bridge_bus_backlog"));
            });
        }
    }
}
