package io.webhookbridge.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.server.cluster.Bridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two bridge instances behind one load balancer share one bus: a Vonage retry that lands on the other instance is
 * stored by both (each answers 200), both forward it, and the bus keeps one copy.
 */
class BusDedupeTest {

    static final int N = 30;

    @TempDir
    Path work;

    @Test
    void aRetryLandingOnTheOtherInstanceArrivesOnTheBusOnce() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start();
             BridgeRunner a = BusBridges.on(bus, work.resolve("a")).property("bridge.broker.vm-id", "1")
                     .property("bridge.target.inbound", "jms:queue:bus.shared").start();
             BridgeRunner b = BusBridges.on(bus, work.resolve("b")).property("bridge.broker.vm-id", "2")
                     .property("bridge.target.inbound", "jms:queue:bus.shared").start()) {
            // Each event reaches both instances (a retry landing on the other one), and both forward at the same time,
            // which is what happens when two instances drain their backlogs after a bus outage.
            List<String> retried = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                String uuid = UUID.randomUUID().toString();
                retried.add(uuid);
                String body = Samples.withUuid("inbound-whatsapp-text", uuid);
                assertEquals(200, a.postSigned("/webhooks/inbound-message", body).statusCode());
                assertEquals(200, b.postSigned("/webhooks/inbound-message", body).statusCode());
            }
            String onlyOnB = UUID.randomUUID().toString();
            assertEquals(200, b.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", onlyOnB)).statusCode());

            // Both instances forwarded every copy (the bus confirmed each), so the bus dropped one of each pair.
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgedByBus(a) == N && acknowledgedByBus(b) == N + 1
                    && BusBridges.forwarding(a).backlog() == 0 && BusBridges.forwarding(b).backlog() == 0);
            List<Message> arrived = new ArrayList<>(bus.drain("bus.shared"));
            List<String> expected = new ArrayList<>(retried);
            expected.add(onlyOnB);
            assertEquals(expected.stream().sorted().toList(), BusBridges.uuids(arrived).stream().sorted().toList());
        }
    }

    /** Messages the instance's core bridge to bus.shared has had confirmed by the bus. */
    private static long acknowledgedByBus(BridgeRunner bridge) {
        Bridge core = BusBridges.forwarding(bridge).bridges().stream()
                .filter(x -> x.getName().toString().endsWith("bus.shared")).findFirst().orElseThrow();
        return core.getMetrics().getMessagesAcknowledged();
    }
}
