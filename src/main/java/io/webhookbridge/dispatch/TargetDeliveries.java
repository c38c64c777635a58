package io.webhookbridge.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.webhookbridge.bus.BusForwarding;
import org.apache.camel.CamelContext;
import org.apache.camel.Handler;
import org.apache.camel.Header;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every target its own durable delivery queue and delivery route, so that targets never wait on, block
 * or duplicate each other: the dispatch route copies an event to the queue of each of its targets (one
 * transaction with the staging read), and each queue is drained by a route made from the target kind's
 * template in {@code routes/50-targets.camel.yaml} ({@code deliver-to-jms}, {@code deliver-to-file},
 * {@code deliver-to-http}).
 * <p>
 * Targets are created on first use, so a YAML rule may name a new target URI without any other change.
 * The queue-to-target map is kept in {@code targets.properties} in the data directory, so that after a restart
 * the events still queued for every target ever used are delivered, even before a new event names it.
 */
public final class TargetDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDeliveries.class);

    private final CamelContext context;
    private final String queuePrefix;
    private final Path registryFile;
    private final Map<String, String> queueByUri = new ConcurrentHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile BusForwarding bus;

    public TargetDeliveries(CamelContext context, String queuePrefix, Path registryFile) {
        this.context = context;
        this.queuePrefix = queuePrefix;
        this.registryFile = registryFile;
    }

    /** With an external message bus (BRIDGE_BUS_URL), jms: targets are forwarded to it; see {@link #deliveryUri}. */
    public void forwardJmsTargetsTo(BusForwarding bus) {
        this.bus = bus;
    }

    /**
     * The delivery-queue endpoints of a comma-separated list of target URIs, creating what is missing. Waits until
     * {@link #start} has run: a route added while the context is still starting would never be started.
     */
    @Handler
    public List<String> deliveryEndpoints(@Header("bridgeTargets") String targets) throws Exception {
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the delivery routes are not started yet");
        }
        return endpointsFor(targets);
    }

    private List<String> endpointsFor(String targets) throws Exception {
        if (targets == null || targets.isBlank()) {
            throw new IllegalArgumentException("event has no target");
        }
        List<String> endpoints = new ArrayList<>();
        for (String uri : targets.split(",")) {
            String trimmed = uri.trim();
            if (!trimmed.isEmpty()) {
                String endpoint = "jms:queue:" + ensure(trimmed);
                if (!endpoints.contains(endpoint)) {
                    endpoints.add(endpoint);
                }
            }
        }
        return endpoints;
    }

    /** Creates the delivery routes of every target recorded in the data directory and of these URIs; call once
     * the context has fully started. */
    public void start(List<String> configuredTargets) throws Exception {
        for (String uri : load().values()) {
            ensure(uri);
        }
        for (String targets : configuredTargets) {
            endpointsFor(targets);
        }
        started.countDown();
    }

    /** The delivery queue of a target URI; creates its route (and records it) on first use. */
    public String ensure(String uri) throws Exception {
        String queue = queueByUri.get(uri);
        if (queue != null) {
            return queue;
        }
        synchronized (this) {
            queue = queueByUri.get(uri);
            if (queue != null) {
                return queue;
            }
            String template = templateFor(uri);
            String slug = slug(uri);
            queue = queuePrefix + slug;
            TemplatedRouteBuilder.builder(context, template)
                    .routeId("deliver-" + slug)
                    .parameter("targetUri", deliveryUri(uri, template))
                    .parameter("targetName", URISupport.sanitizeUri(uri))
                    .parameter("deliveryQueue", queue)
                    .add();
            queueByUri.put(uri, queue);
            record(queue, uri);
            LOG.info("Target {} delivers from queue {}", URISupport.sanitizeUri(uri), queue);
            return queue;
        }
    }

    static String templateFor(String uri) {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        return switch (scheme) {
            case "jms" -> "deliver-to-jms";
            case "file" -> "deliver-to-file";
            case "http", "https" -> "deliver-to-http";
            default -> throw new IllegalArgumentException("unsupported target '" + URISupport.sanitizeUri(uri)
                    + "': use a jms:, file:, http: or https: URI");
        };
    }

    /**
     * Where a target's delivery route sends to. With a message bus, a {@code jms:queue:X} target goes to its local
     * forwarding queue, which an Artemis core bridge empties onto queue X of the bus.
     */
    private String deliveryUri(String uri, String template) throws Exception {
        BusForwarding forwarding = bus;
        if (forwarding != null && "deliver-to-jms".equals(template)) {
            return forwarding.localEndpointFor(uri);
        }
        return targetUri(uri);
    }

    /** File targets write through a temporary name, so no consumer ever sees a partial file. */
    static String targetUri(String uri) {
        if (uri.toLowerCase(Locale.ROOT).startsWith("file:") && !uri.contains("tempPrefix=") && !uri.contains("tempFileName=")) {
            return uri + (uri.contains("?") ? "&" : "?") + "tempPrefix=.inprogress-";
        }
        return uri;
    }

    /** A readable, stable, queue-name-safe id: the URI without options, plus a hash of the whole URI. */
    static String slug(String uri) {
        String base = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        base = base.replaceFirst("^(https?:)//[^/@]*@", "$1//");
        StringBuilder sb = new StringBuilder();
        for (char c : base.toCharArray()) {
            if (sb.length() >= 48) {
                break;
            }
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
            if (safe) {
                sb.append(c);
            } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
                sb.append('-');
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return sb.append('-').append(HexFormat.of().formatHex(hash, 0, 4)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> load() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(registryFile)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(registryFile)) {
                p.load(in);
            }
            p.stringPropertyNames().stream().sorted().forEach(q -> out.put(q, p.getProperty(q)));
        }
        return out;
    }

    private void record(String queue, String uri) throws IOException {
        Map<String, String> known = load();
        if (uri.equals(known.get(queue))) {
            return;
        }
        known.put(queue, uri);
        Properties p = new Properties();
        p.putAll(known);
        Files.createDirectories(registryFile.toAbsolutePath().getParent());
        Path tmp = registryFile.resolveSibling(registryFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "delivery queue = target URI; written by webhook-bridge, used to resume deliveries after a restart");
        }
        Files.move(tmp, registryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
