package io.webhookbridge.bus;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The external message bus, in {@code /observe/health} only: neither readiness nor liveness, because a bus outage
 * must not stop Vonage's webhooks being accepted (they wait in the local journal). DOWN while a forwarding bridge
 * is not connected; detail {@code backlog} counts the events waiting locally for the bus.
 */
public final class BusHealthCheck extends AbstractHealthCheck {

    private final BusForwarding forwarding;

    public BusHealthCheck(BusForwarding forwarding) {
        super("webhook-bridge", "message-bus");
        this.forwarding = forwarding;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("url", forwarding.settings().maskedUrl());
        builder.detail("backlog", forwarding.backlog());
        builder.detail("bridges", forwarding.bridgeCount());
        if (forwarding.isConnected()) {
            builder.up();
        } else {
            String problem = forwarding.problem();
            builder.message("not connected to the message bus" + (problem == null ? "" : ": " + problem)
                    + "; events wait in the local journal").down();
        }
    }
}
