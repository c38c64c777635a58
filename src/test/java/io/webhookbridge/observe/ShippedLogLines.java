package io.webhookbridge.observe;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What {@link ShippedLogLinesTest} has a JVM of its own log through the shipped log4j2.xml: one event per line
 * below, each with something the logs must never show or must keep. Logged through SLF4J and the MDC, as the
 * bridge's code and its routes' log steps log.
 */
public final class ShippedLogLines {

    static final String MESSAGE_ID = "inbound-message-7c1e9a55-0d4b-4f2e-a6c3-1b8d2e4f6a70";
    static final String STATUS_ID = "message-status-0a1b2c3d-4e5f-4607-8899-aabbccddeeff";
    static final String PHONE = "447700900123";
    static final String OTHER_PHONE = "491701234567";
    static final String TEXT = "Meet me at the station";
    /** What a sender would put after a CR LF to forge a line of its own, in either format. */
    static final String FORGED = "2026-12-05T07:00:00,000 INFO  [main] Bridge - all good {\"log.level\":\"INFO\"}";
    static final int LINES = 4;

    private ShippedLogLines() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("io.webhookbridge.test");
        // 1: a phone number in a line about an event, with the event in the logging context as routes log it.
        MDC.put(EventLogContext.EVENT_ID, MESSAGE_ID);
        MDC.put(EventLogContext.KIND, "inbound-message");
        log.warn("Rejected SMS from {} for {}", PHONE, MESSAGE_ID);
        MDC.clear();
        // 2: message texts of a payload, and the id of another kind of event.
        log.info("Body of {}: {\"text\":\"" + TEXT + "\",\"profile\":{\"name\":\"Sam\"}}", STATUS_ID);
        // 3: a CR/LF injection.
        log.warn("Rejected webhook: bad sig\r\n" + FORGED);
        // 4: an exception whose messages carry a phone number, a text and a CR/LF injection.
        IOException cause = new IOException("upstream said {\"text\":\"" + TEXT + "\"}\r\n" + FORGED);
        log.error("Delivery of {} failed", STATUS_ID,
                new IllegalStateException("no route to +" + OTHER_PHONE, cause));
    }
}
