package io.webhookbridge.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every target ever used, kept in {@code targets.properties} in the data directory (id = URI), so that after a
 * restart the events still queued for each of them are delivered, even before a new event names it. A URI with
 * credentials is kept only masked, under {@code <id>.masked}: the configuration recreates such a target at
 * start-up, or an event that names it again does.
 */
final class RecordedTargets {

    private static final String MASKED = ".masked";

    private final Path file;

    /** The recorded targets: the URIs kept in clear, and the masked URIs of those with credentials by id. */
    record Recorded(List<String> uris, Map<String, String> maskedById) {
    }

    RecordedTargets(Path file) {
        this.file = file;
    }

    Recorded load() throws IOException {
        List<String> uris = new ArrayList<>();
        Map<String, String> masked = new LinkedHashMap<>();
        read().forEach((key, value) -> {
            if (key.endsWith(MASKED)) {
                masked.put(key.substring(0, key.length() - MASKED.length()), value);
            } else {
                uris.add(value);
            }
        });
        return new Recorded(uris, masked);
    }

    /** Records a target; one with credentials only masked, under {@code <id>.masked}. */
    synchronized void record(TargetUri target) throws IOException {
        Map<String, String> known = read();
        String id = target.id();
        boolean secret = target.hasSecrets();
        String key = secret ? id + MASKED : id;
        String value = secret ? target.masked() : target.uri();
        if (value.equals(known.get(key))) {
            return;
        }
        known.put(key, value);
        Properties p = new Properties();
        p.putAll(known);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "target id = target URI (<id>.masked: a URI with credentials, masked); written by webhook-bridge, "
                    + "used to resume deliveries after a restart");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's entries, sorted by key. */
    private Map<String, String> read() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            p.stringPropertyNames().stream().sorted().forEach(key -> out.put(key, p.getProperty(key)));
        }
        return out;
    }
}
