package io.webhookbridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Vonage's example webhook payloads, kept byte for byte under src/test/resources/vonage. */
public final class Samples {

    private Samples() {
    }

    public static String load(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/vonage/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample with its message_uuid replaced, so that a test can post it again as a new event. */
    public static String withUuid(String name, String uuid) {
        String json = load(name);
        return json.replaceFirst("\"message_uuid\":\"[^\"]+\"", "\"message_uuid\":\"" + uuid + "\"");
    }
}
