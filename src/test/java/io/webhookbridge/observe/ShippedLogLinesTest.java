package io.webhookbridge.observe;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.event.EventHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.webhookbridge.observe.ShippedLogLines.FORGED;
import static io.webhookbridge.observe.ShippedLogLines.LINES;
import static io.webhookbridge.observe.ShippedLogLines.MESSAGE_ID;
import static io.webhookbridge.observe.ShippedLogLines.OTHER_PHONE;
import static io.webhookbridge.observe.ShippedLogLines.PHONE;
import static io.webhookbridge.observe.ShippedLogLines.STATUS_ID;
import static io.webhookbridge.observe.ShippedLogLines.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shipped log4j2.xml, in both formats, on lines that carry what must never be written (phone numbers, message
 * texts, a CR/LF injection, an exception whose messages carry them) and what must survive (event ids). The format is
 * chosen by the environment variable BRIDGE_LOG_FORMAT, which a running JVM cannot change: each format runs
 * {@link ShippedLogLines} in a JVM of its own, on the shipped file named explicitly (so that no test configuration on
 * the classpath can stand in for it), and reads back what it wrote to standard output.
 */
class ShippedLogLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void textLinesAreMaskedOneLinePerEventAndKeepTheEventIds() throws Exception {
        List<String> lines = run(null);
        for (String line : lines) {
            // The layout's start of a line: nothing forged can start one.
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3} (INFO|WARN|ERROR) .*"), line);
            assertNothingSensitive(line);
        }
        assertTrue(lines.get(0).endsWith("Rejected SMS from *** for " + MESSAGE_ID + " event=" + MESSAGE_ID
                + " kind=inbound-message"), lines.get(0));
        assertTrue(lines.get(1).endsWith("Body of " + STATUS_ID + ": {\"text\":\"***\",\"profile\":{\"name\":\"***\"}}"),
                lines.get(1));
        assertTrue(lines.get(2).endsWith("Rejected webhook: bad sig\\r\\n" + FORGED), lines.get(2));

        String failure = lines.get(3);
        assertTrue(failure.contains("Delivery of " + STATUS_ID + " failed | java.lang.IllegalStateException: no route"
                + " to ***\\n\tat io.webhookbridge.observe.ShippedLogLines.main("), failure);
        assertTrue(failure.contains("\\nCaused by: java.io.IOException: upstream said {\"text\":\"***\"}\\r\\n" + FORGED),
                failure);
        // The stack trace's line ends too are encoded, up to the last.
        assertTrue(failure.endsWith("\\n"), failure);
    }

    @Test
    void jsonLinesAreMaskedOneObjectPerEventAndKeepTheEventIds() throws Exception {
        List<String> lines = run("json");
        JsonNode[] events = new JsonNode[LINES];
        for (int i = 0; i < LINES; i++) {
            assertNothingSensitive(lines.get(i));
            events[i] = JSON.readTree(lines.get(i));
            assertEquals("webhook-bridge", events[i].path("service.name").asText(), lines.get(i));
        }
        assertEquals("Rejected SMS from *** for " + MESSAGE_ID, events[0].path("message").asText());
        assertEquals(MESSAGE_ID, events[0].path(EventHeaders.EVENT_ID).asText(), lines.get(0));
        assertEquals("inbound-message", events[0].path(EventHeaders.KIND).asText(), lines.get(0));
        assertEquals("Body of " + STATUS_ID + ": {\"text\":\"***\",\"profile\":{\"name\":\"***\"}}",
                events[1].path("message").asText());
        assertEquals("Rejected webhook: bad sig\r\n" + FORGED, events[2].path("message").asText());
        // A line without an exception has no error fields at all.
        assertFalse(events[2].has("error.type"), lines.get(2));

        JsonNode failure = events[3];
        assertEquals("Delivery of " + STATUS_ID + " failed", failure.path("message").asText());
        // The original exception's class, although the layout was handed its masked copy.
        assertEquals("java.lang.IllegalStateException", failure.path("error.type").asText(), lines.get(3));
        assertEquals("no route to ***", failure.path("error.message").asText(), lines.get(3));
        String stackTrace = failure.path("error.stack_trace").asText();
        assertTrue(stackTrace.startsWith("java.lang.IllegalStateException: no route to ***"), stackTrace);
        assertTrue(stackTrace.contains("\tat io.webhookbridge.observe.ShippedLogLines.main("), stackTrace);
        assertTrue(stackTrace.contains("Caused by: java.io.IOException: upstream said {\"text\":\"***\"}\r\n" + FORGED),
                stackTrace);
    }

    /** The lines {@link ShippedLogLines} wrote with BRIDGE_LOG_FORMAT set to {@code format} (unset for null). */
    private List<String> run(String format) throws Exception {
        URL shipped = getClass().getClassLoader().getResource("log4j2.xml");
        assertNotNull(shipped, "log4j2.xml on the classpath");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + Path.of(shipped.toURI()),
                ShippedLogLines.class.getName())
                .redirectOutput(work.resolve("out.log").toFile())
                .redirectError(work.resolve("err.log").toFile());
        builder.environment().remove("BRIDGE_LOG_FORMAT");
        if (format != null) {
            builder.environment().put("BRIDGE_LOG_FORMAT", format);
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the logging JVM did not end within 60 s");
        }
        List<String> lines = Files.readAllLines(work.resolve("out.log"), StandardCharsets.UTF_8);
        String err = Files.readString(work.resolve("err.log"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> lines + err);
        // log4j reports a configuration it cannot apply (an unknown plugin, a bad pattern) on standard error.
        assertFalse(err.contains("ERROR"), err);
        assertEquals(LINES, lines.size(), () -> String.join("\n", lines));
        return lines;
    }

    private static void assertNothingSensitive(String line) {
        for (String secret : new String[] {PHONE, OTHER_PHONE, TEXT, "Sam"}) {
            assertFalse(line.contains(secret), () -> secret + " in " + line);
        }
    }
}
