package io.webhookbridge.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus goes down: webhooks are still answered 200 (kept in the local journal), readiness stays UP, the bus
 * health check says DOWN with the backlog, and after a restart of the bridge and the return of the bus every
 * event arrives on the bus exactly once.
 */
class BusOutageTest {

    static final int N = 25;

    @TempDir
    Path work;

    @Test
    void eventsAcceptedWhileTheBusIsDownArriveExactlyOnceWhenItReturnsEvenAfterABridgeRestart() throws Exception {
        try (StandaloneArtemis bus = new StandaloneArtemis(work).start()) {
            String before = UUID.randomUUID().toString();
            List<String> during = new ArrayList<>();
            try (BridgeRunner bridge = BusBridges.on(bus, work).property("bridge.target.inbound", "jms:queue:bus.outage")
                    .start()) {
                // Connected and forwarding first, so that the outage below is a lost connection, not a late start.
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", before)).statusCode());
                List<Message> first = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    first.addAll(bus.drain("bus.outage"));
                    return !first.isEmpty();
                });
                assertEquals(List.of(before), BusBridges.uuids(first));

                bus.stop();
                for (int i = 0; i < N; i++) {
                    String uuid = UUID.randomUUID().toString();
                    during.add(uuid);
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-sms", uuid)).statusCode());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> BusBridges.forwarding(bridge).backlog() == N);
                assertEquals(200, bridge.readyStatus(), "readiness stays UP while the bus is down");
                var health = bridge.health();
                assertEquals(503, health.statusCode(), health.body());
                JsonNode busCheck = bridge.healthCheck("message-bus");
                assertEquals("DOWN", busCheck.path("status").asText(), busCheck.toString());
                assertEquals(N, busCheck.path("data").path("backlog").asInt(), busCheck.toString());
            }

            // Restarted while the bus is still down: the backlog is on the local journal, still waiting.
            try (BridgeRunner bridge = BusBridges.on(bus, work).property("bridge.target.inbound", "jms:queue:bus.outage")
                    .start()) {
                assertEquals(N, BusBridges.forwarding(bridge).backlog());
                assertEquals(200, bridge.readyStatus());

                bus.start();
                List<Message> arrived = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    arrived.addAll(bus.drain("bus.outage"));
                    return arrived.size() >= N;
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> BusBridges.forwarding(bridge).backlog() == 0);
                // Anything sent twice would show up here.
                arrived.addAll(bus.drain("bus.outage"));
                assertEquals(during.stream().sorted().toList(), BusBridges.uuids(arrived).stream().sorted().toList());
                await().atMost(Duration.ofSeconds(10)).until(() -> bridge.health().statusCode() == 200);
                assertEquals("UP", bridge.healthCheck("message-bus").path("status").asText());
            }
        }
    }
}
