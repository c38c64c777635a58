package io.webhookbridge.pacing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.dispatch.TargetUri;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the circuit-breaker tests share: inbound events posted to a bridge, and a target's circuit gauge. */
final class Circuits {

    private Circuits() {
    }

    /** Posts this many signed inbound messages, each its own message; returns their bodies. */
    static List<String> postInbound(BridgeRunner bridge, int events) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String body = Samples.withUuid("inbound-sms", UUID.randomUUID().toString());
            bodies.add(body);
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
        }
        return bodies;
    }

    /** The target's {@code bridge.target.circuit.open} gauge: 1 open or half-open, 0 closed, -1 not there yet. */
    static double open(BridgeRunner bridge, TargetUri uri) {
        MeterRegistry registry = bridge.context().getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
        Gauge gauge = registry.find("bridge.target.circuit.open").tag("target", uri.masked()).gauge();
        return gauge == null ? -1 : gauge.value();
    }
}
