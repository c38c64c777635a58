package io.webhookbridge;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped log layout: text that arrived with a request can never start a line of its own. */
class LogFormatTest {

    @Test
    void carriageReturnsAndLineFeedsInAMessageAreEncoded() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender out = context.getConfiguration().getAppender("out");
        String forged = "Rejected webhook: bad sig\r\n2026-12-05 07:00:00,000 INFO  [main] Bridge - all good";
        String line = new String(out.getLayout().toByteArray(Log4jLogEvent.newBuilder()
                .setLoggerName("io.webhookbridge.test").setLevel(Level.WARN)
                .setMessage(new SimpleMessage(forged)).build()), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, line.split("\n", -1).length - 1, line);
        assertTrue(line.endsWith("bad sig\\r\\n2026-12-05 07:00:00,000 INFO  [main] Bridge - all good" + System.lineSeparator()), line);
    }
}
