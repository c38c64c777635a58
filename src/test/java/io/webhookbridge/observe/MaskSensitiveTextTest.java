package io.webhookbridge.observe;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logs' safety net: phone numbers and message texts masked, ids and ordinary numbers kept. */
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
    void theRewritePolicyMasksTheMessageOfAnEventOnItsWayToTheAppender() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        // The shipped configuration sends every line through the mask before it is written.
        assertEquals(List.of("masked"), List.copyOf(config.getRootLogger().getAppenders().keySet()));
        assertInstanceOf(RewriteAppender.class, config.getAppender("masked"));

        List<String> written = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture-" + System.nanoTime(), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                written.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        config.addAppender(capture);
        RewriteAppender rewrite = RewriteAppender.createAppender("rewrite-test", "true",
                new AppenderRef[] {AppenderRef.createAppenderRef(capture.getName(), null, null)}, config,
                MaskSensitiveText.create(), null);
        rewrite.start();
        try {
            rewrite.append(event("Refused inbound SMS from 447700900123: {\"text\":\"Meet at 10\"}"));
            assertEquals(List.of("Refused inbound SMS from ***: {\"text\":\"***\"}"), written);
        } finally {
            rewrite.stop();
            capture.stop();
        }
    }

    @Test
    void jsonLinesEncodeCarriageReturnsAndLineFeeds() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(context.getConfiguration())
                .setEventTemplateUri("classpath:EcsLayout.json").build();
        String forged = "Rejected webhook: bad sig\r\n{\"log.level\":\"INFO\",\"message\":\"all good\"}";
        String line = new String(layout.toByteArray(event(forged)), StandardCharsets.UTF_8);
        assertEquals(1, line.split("\n", -1).length - 1, line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals(forged, json.get("message").asText());
        assertEquals("WARN", json.get("log.level").asText());
    }

    private static LogEvent event(String message) {
        return Log4jLogEvent.newBuilder().setLoggerName("io.webhookbridge.test").setLevel(Level.WARN)
                .setMessage(new SimpleMessage(message)).build();
    }
}
