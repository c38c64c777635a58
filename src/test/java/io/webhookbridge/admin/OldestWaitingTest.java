package io.webhookbridge.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failing target's events spend nearly all their time scheduled for a redelivery, which the age of the queue's first
 * message does not see: the oldest-waiting gauge and the admin API must still show them ageing.
 */
class OldestWaitingTest {

    /** Fewer than the delivery route's consumers, so that none waits unscheduled for a free consumer. */
    private static final int EVENTS = 3;

    @TempDir
    Path work;

    @Test
    void aFailingTargetsEventsAgeInTheGaugeAndTheTargetList() throws Exception {
        try (TargetServer http = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = http.url("/hook");
            TargetUri target = new TargetUri(hook);
            // Every attempt fails, then waits 1 s for the next, and the events are never parked during the test.
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook)
                    .property("bridge.delivery.max-redeliveries", "1000").property("bridge.delivery.initial-delay-ms", "1000")
                    .property("bridge.delivery.max-delay-ms", "1000").start()) {
                AdminCalls admin = AdminCalls.of(bridge.context());
                for (int i = 0; i < EVENTS; i++) {
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                            Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
                }
                Gauge oldest = bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class)
                        .get("bridge.target.oldest.waiting.seconds").tag("target", target.masked()).gauge();

                await().atMost(Duration.ofSeconds(30)).until(() -> admin.target(target).path("waiting").asLong() == EVENTS
                        && admin.target(target).path("oldestWaitingSeconds").asDouble() >= 3);
                await().atMost(Duration.ofSeconds(30)).until(() -> oldest.value() >= 3);
                double earlier = oldest.value();
                await().atMost(Duration.ofSeconds(30)).until(() -> oldest.value() >= earlier + 2);
                assertEquals(EVENTS, admin.target(target).path("waiting").asLong(), "still waiting, none parked");
            }
        }
    }
}
