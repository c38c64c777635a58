package io.webhookbridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.buffer.Buffer;

/**
 * The console's pages, scripts and style sheet, read from the jar once at start-up. A fixed list rather than a static
 * file handler: nothing on disk next to the bridge can shadow them, and no request path ever reaches a file name.
 */
final class ConsoleAssets {

    static final List<String> FILES = List.of("index.html", "console.css", "sign-in.js", "app.js", "api.js",
            "show.js", "chart.js", "mask.js", "overview.js", "targets.js", "dead-letters.js", "find.js", "routes.js");

    record Asset(Buffer content, String contentType) {
    }

    private final Map<String, Asset> byName = new TreeMap<>();

    private ConsoleAssets() {
    }

    static ConsoleAssets load() {
        ConsoleAssets assets = new ConsoleAssets();
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("console/" + name + " is missing from the jar");
                }
                assets.byName.put(name, new Asset(Buffer.buffer(in.readAllBytes()), contentType(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return assets;
    }

    /** The asset of this file name, or null. */
    Asset get(String name) {
        return byName.get(name);
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
