package io.webhookbridge.observe;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logs' safety net: phone numbers and message texts masked, in messages and exceptions, ids and ordinary numbers
 * kept. What the shipped layouts then write is {@code ShippedLogLinesTest}'s.
 */
class MaskSensitiveTextTest {

    @Test
    void phoneNumbersStandingAloneAreMasked() {
        assertEquals("Rejected SMS from *** to ***", MaskSensitiveText.mask("Rejected SMS from 447700900123 to +491701234567"));
        assertEquals("msisdn=***&to=***", MaskSensitiveText.mask("msisdn=447700900123&to=12025550123"));
        assertEquals("{\"to\":\"***\",\"from\":\"***\"}",
                MaskSensitiveText.mask("{\"to\":\"447700900777\",\"from\":\"491701234567\"}"));
    }

    @Test
    void messageTextsAreMaskedInJsonAndForms() {
        assertEquals("{\"text\":\"***\",\"channel\":\"sms\"}",
                MaskSensitiveText.mask("{\"text\":\"Call me \\\"now\\\" on 0800\",\"channel\":\"sms\"}"));
        assertEquals("{\"caption\": \"***\"}", MaskSensitiveText.mask("{\"caption\": \"my cat\"}"));
        assertEquals("keyword=***&text=***&type=text", MaskSensitiveText.mask("keyword=HELLO&text=Hello+there&type=text"));
        // A text cut off by a length bound is masked to its end.
        assertEquals("body {\"text\":\"***", MaskSensitiveText.mask("body {\"text\":\"Hello there, this is a lo"));
    }

    @Test
    void whatsAppRepliesButtonsAndProfileNamesAreMasked() {
        // An interactive list reply and the sender's profile (samples' inbound-whatsapp-reply.json).
        assertEquals("\"reply\":{\"id\":\"slot-0930\",\"title\":\"***\",\"description\":\"***\"},"
                        + "\"profile\":{\"name\":\"***\"}",
                MaskSensitiveText.mask("\"reply\":{\"id\":\"slot-0930\",\"title\":\"09:30\","
                        + "\"description\":\"Morning slot\"},\"profile\":{\"name\":\"Sam\"}"));
        // A quick-reply button: its payload is what the business put there, its text what the user tapped.
        assertEquals("{\"button\":{\"payload\":\"***\",\"text\":\"***\"}}",
                MaskSensitiveText.mask("{\"button\":{\"payload\":\"ORDER-CONFIRM\",\"text\":\"Yes, confirm\"}}"));
        // Only those keys: a key that merely ends in one is kept.
        String kept = "{\"file_name\":\"cat.jpg\",\"subtitle\":\"x\"}";
        assertSame(kept, MaskSensitiveText.mask(kept));
    }

    @Test
    void idsTimesAndSmallNumbersAreKept() {
        for (String kept : new String[] {
            "Delivery of inbound-message-7c1e9a55-0d4b-4f2e-a6c3-1b8d2e4f6a70 failed (attempt 3)",
            "Delivery of inbound-sms-0A0000000123ABCD1 to http://127.0.0.1:20001/hook failed",
            "delivery-receipt-12345678901:delivered: 1234567-abcd",
            "Management port 9876, 2026-12-05T10:00:00Z, 4096 pending, 0.12345678 s",
            "the dead-letter queue is full (268435456 bytes)", "not confirmed within 10000000 ms"}) {
            assertSame(kept, MaskSensitiveText.mask(kept), kept);
        }
    }

    @Test
    void theRewritePolicyMasksTheMessageOfAnEventOnItsWayToTheAppender() throws Exception {
        try (ShippedLogs logs = new ShippedLogs()) {
            // The shipped configuration sends every line through the mask before it is written.
            assertEquals(List.of("masked"), List.copyOf(logs.configuration().getRootLogger().getAppenders().keySet()));
            assertInstanceOf(RewriteAppender.class, logs.configuration().getAppender("masked"));

            logs.logger().warn("Refused inbound SMS from 447700900123: {\"text\":\"Meet at 10\"}");
            logs.logger().info("Delivery of inbound-message-7c1e9a55-0d4b-4f2e-a6c3-1b8d2e4f6a70 failed (attempt 3)");
            assertEquals(List.of("Refused inbound SMS from ***: {\"text\":\"***\"}",
                    "Delivery of inbound-message-7c1e9a55-0d4b-4f2e-a6c3-1b8d2e4f6a70 failed (attempt 3)"),
                    logs.messages());
        }
    }

    @Test
    void theRewritePolicyMasksAnExceptionsChainAndKeepsItsClassNameAndStackTraces() throws Exception {
        IOException cause = new IOException("upstream answered {\"text\":\"Meet at 10\"}");
        IllegalStateException failure = new IllegalStateException("no route to +447700900123", cause);
        failure.addSuppressed(new IllegalArgumentException("msisdn=491701234567"));
        try (ShippedLogs logs = new ShippedLogs()) {
            logs.logger().error("Delivery of message-status-0a1b2c3d-4e5f-4607-8899-aabbccddeeff failed", failure);

            Throwable written = logs.thrown().get(0);
            assertEquals("java.lang.IllegalStateException: no route to ***", written.toString());
            assertEquals("no route to ***", written.getMessage());
            assertEquals("java.lang.IllegalStateException", MaskSensitiveText.MaskedThrowable.classNameOf(written));
            assertArrayEquals(failure.getStackTrace(), written.getStackTrace());
            assertEquals("java.io.IOException: upstream answered {\"text\":\"***\"}", written.getCause().toString());
            assertArrayEquals(cause.getStackTrace(), written.getCause().getStackTrace());
            assertEquals("java.lang.IllegalArgumentException: msisdn=***", written.getSuppressed()[0].toString());

            // What a layout prints: the original's stack trace, with the texts masked.
            StringWriter printed = new StringWriter();
            written.printStackTrace(new PrintWriter(printed));
            assertTrue(printed.toString().contains("\tat " + failure.getStackTrace()[0]), printed.toString());
            for (String secret : new String[] {"447700900123", "491701234567", "Meet at 10"}) {
                assertFalse(printed.toString().contains(secret), printed.toString());
            }
        }
    }

    @Test
    void anExceptionWithNothingToMaskReachesTheAppenderAsItIs() throws Exception {
        IllegalStateException failure = new IllegalStateException("the dead-letter queue is full (268435456 bytes)",
                new IOException("connection refused"));
        try (ShippedLogs logs = new ShippedLogs()) {
            logs.logger().error("Parking failed", failure);
            assertSame(failure, logs.thrown().get(0));
        }
    }

    @Test
    void anExceptionChainThatLoopsIsCopiedOnce() {
        IllegalStateException outer = new IllegalStateException("outer 447700900123");
        IOException inner = new IOException("inner", outer);
        outer.addSuppressed(inner);
        Throwable masked = MaskSensitiveText.MaskedThrowable.of(outer);
        assertEquals("java.lang.IllegalStateException: outer ***", masked.toString());
        // The loop is kept, between the copies: the suppressed one's cause is the outer copy itself.
        assertSame(masked, masked.getSuppressed()[0].getCause());
    }

    @Test
    void jsonLinesEncodeCarriageReturnsAndLineFeeds() throws Exception {
        try (ShippedLogs logs = new ShippedLogs()) {
            JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(logs.configuration())
                    .setEventTemplateUri("classpath:EcsLayout.json").build();
            String forged = "Rejected webhook: bad sig\r\n{\"log.level\":\"INFO\",\"message\":\"all good\"}";
            String line = new String(layout.toByteArray(event(forged)), StandardCharsets.UTF_8);
            assertEquals(1, line.split("\n", -1).length - 1, line);
            JsonNode json = new ObjectMapper().readTree(line);
            assertEquals(forged, json.get("message").asText());
            assertEquals("WARN", json.get("log.level").asText());
        }
    }

    private static LogEvent event(String message) {
        return Log4jLogEvent.newBuilder().setLoggerName("io.webhookbridge.test").setLevel(Level.WARN)
                .setMessage(new SimpleMessage(message)).build();
    }

    /**
     * The shipped log4j2.xml in a logger context of its own, not the global one (which other tests add appenders to
     * and whose configuration depends on what ran before): the same loggers and rewrite appender, with the console
     * appender {@code out} replaced by one that keeps what reaches it (after the mask).
     */
    private static final class ShippedLogs implements AutoCloseable {

        private final LoggerContext context = new LoggerContext("shipped-log4j2-" + System.nanoTime());
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final List<Throwable> thrown = new CopyOnWriteArrayList<>();

        ShippedLogs() throws Exception {
            URL shipped = MaskSensitiveTextTest.class.getClassLoader().getResource("log4j2.xml");
            assertNotNull(shipped, "log4j2.xml on the classpath");
            XmlConfiguration configuration = new XmlConfiguration(context, ConfigurationSource.fromUri(shipped.toURI())) {
                @Override
                protected void doConfigure() {
                    super.doConfigure();
                    // Before the appenders start, so that the rewrite appender's reference to "out" finds this one.
                    assertNotNull(getAppender("out"), "the shipped configuration's console appender");
                    removeAppender("out");
                    addAppender(new AbstractAppender("out", null, null, true, Property.EMPTY_ARRAY) {
                        @Override
                        public void append(LogEvent event) {
                            messages.add(event.getMessage().getFormattedMessage());
                            if (event.getThrown() != null) {
                                thrown.add(event.getThrown());
                            }
                        }
                    });
                }
            };
            context.start(configuration);
        }

        Configuration configuration() {
            return context.getConfiguration();
        }

        Logger logger() {
            return context.getLogger("io.webhookbridge.test");
        }

        List<String> messages() {
            return messages;
        }

        List<Throwable> thrown() {
            return thrown;
        }

        @Override
        public void close() {
            context.stop();
        }
    }
}
