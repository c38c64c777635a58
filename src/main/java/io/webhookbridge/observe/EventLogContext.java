package io.webhookbridge.observe;

import io.webhookbridge.event.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.LogListener;
import org.slf4j.MDC;

/**
 * Puts the event a route's {@code log} step is about into the logging context for that one line: {@code bridgeEventId},
 * {@code vonageKind} and {@code bridgeTarget} (the masked target a delivery route works for), as fields of a JSON
 * line and at the end of a text line. Removed again right after the line, because the same thread (an HTTP event
 * loop, a JMS consumer) goes on with other events. Costs nothing unless a line is logged.
 */
public final class EventLogContext implements LogListener {

    public static final String EVENT_ID = EventHeaders.EVENT_ID;
    public static final String KIND = EventHeaders.KIND;
    public static final String TARGET = "bridgeTarget";

    @Override
    public String onLog(Exchange exchange, CamelLogger camelLogger, String message) {
        enter(exchange);
        return message;
    }

    @Override
    public void afterLog(Exchange exchange, CamelLogger camelLogger, String message) {
        leave();
    }

    /**
     * Puts the event of {@code exchange} (what is known of it so far) into the logging context, for a line that Java
     * code rather than a route's {@code log} step writes about it; {@link #leave()} right after the line.
     */
    public static void enter(Exchange exchange) {
        put(EVENT_ID, exchange.getMessage().getHeader(EVENT_ID, String.class));
        put(KIND, exchange.getMessage().getHeader(KIND, String.class));
        String target = exchange.getProperty(TARGET, String.class);
        put(TARGET, target != null ? target : exchange.getMessage().getHeader(TARGET, String.class));
    }

    /** Takes the event's fields out of the logging context again. */
    public static void leave() {
        MDC.remove(EVENT_ID);
        MDC.remove(KIND);
        MDC.remove(TARGET);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
