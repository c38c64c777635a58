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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.bus.BusForwarding;
import io.webhookbridge.event.Sha256;
import org.apache.camel.CamelContext;
import org.apache.camel.Handler;
import org.apache.camel.Header;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every target its own durable queue, so that targets never wait on, block or duplicate each other, and
 * lets the broker fill those queues in the same write that stages an event.
 * <p>
 * Each target has an id ({@link #slug}) and an exclusive Artemis divert on the staging address that matches
 * events whose {@code bridgeTargetIds} property names that id: the write that stages an event (before its 200)
 * puts a copy in the queue of each of its targets, and nothing on the staging queue itself. A plain
 * {@code jms:queue:X} target's divert leads straight to queue X (or, with a message bus, to X's local forwarding
 * queue); any other target's leads to its delivery queue, drained by a route made from the target kind's template in
 * {@code routes/50-targets.camel.yaml} ({@code deliver-to-jms}, {@code deliver-to-file}, {@code deliver-to-http}).
 * Events staged without target ids (long-SMS parts) are read from the staging queue by the dispatch route, which
 * sends them on to {@link #deliveryEndpoints} in its own transaction.
 * <p>
 * Targets are created on first use, so a YAML rule may name a new target URI without any other change.
 * The id-to-target map is kept in {@code targets.properties} in the data directory, so that after a restart
 * the events still queued for every target ever used are delivered, even before a new event names it. A URI with
 * credentials (user info, {@code password=}, {@code accessToken=}, ...) is kept there only masked, under
 * {@code <id>.masked}: the configuration recreates such a target at start-up, or an event that names it again does.
 */
public final class TargetDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDeliveries.class);
    /** The header the rules set: an event's target URIs, comma-separated. */
    public static final String TARGETS = io.webhookbridge.event.EventHeaders.TARGETS;
    /** The event property the diverts on the staging address match: "|id1|id2|". */
    public static final String TARGET_IDS = io.webhookbridge.event.EventHeaders.TARGET_IDS;
    /** The key suffix of a recorded target whose URI has credentials, stored masked. */
    private static final String MASKED = ".masked";

    private final CamelContext context;
    private final EmbeddedBroker broker;
    private final String stagingAddress;
    private final String queuePrefix;
    private final Path registryFile;
    private final Map<String, Target> targetByUri = new ConcurrentHashMap<>();
    private final Map<String, String> idsByTargets = new ConcurrentHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile BusForwarding bus;

    /** A target: its id, and the endpoint a transacted route sends its events to. */
    record Target(String id, String endpoint) {
    }

    public TargetDeliveries(CamelContext context, EmbeddedBroker broker, String stagingAddress, String queuePrefix,
            Path registryFile) {
        this.context = context;
        this.broker = broker;
        this.stagingAddress = stagingAddress;
        this.queuePrefix = queuePrefix;
        this.registryFile = registryFile;
    }

    /** With an external message bus (BRIDGE_BUS_URL), jms: targets are forwarded to it; see {@link #create}. */
    public void forwardJmsTargetsTo(BusForwarding bus) {
        this.bus = bus;
    }

    /**
     * The value of {@value #TARGET_IDS} for a comma-separated list of target URIs (see {@link TargetIds}), creating
     * the targets that are missing (their queue, divert and delivery route: once per target, a few milliseconds).
     */
    public String targetIds(String targets) throws Exception {
        String key = targets == null ? "" : targets;
        String ids = idsByTargets.get(key);
        if (ids != null) {
            return ids;
        }
        StringBuilder sb = new StringBuilder("|");
        for (Target target : targetsOf(targets)) {
            sb.append(target.id()).append('|');
        }
        ids = sb.toString();
        idsByTargets.put(key, ids);
        return ids;
    }

    /**
     * The endpoints a transacted route sends an event to, one per target of a comma-separated list of target URIs,
     * creating what is missing. Waits until {@link #start} has run: a route added while the context is still
     * starting would never be started.
     */
    @Handler
    public List<String> deliveryEndpoints(@Header(TARGETS) String targets) throws Exception {
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the delivery routes are not started yet");
        }
        List<String> endpoints = new ArrayList<>();
        for (Target target : targetsOf(targets)) {
            endpoints.add(target.endpoint());
        }
        return endpoints;
    }

    private List<Target> targetsOf(String targets) throws Exception {
        if (targets == null || targets.isBlank()) {
            throw new IllegalArgumentException("event has no target");
        }
        List<Target> out = new ArrayList<>();
        for (String uri : targets.split(",")) {
            String trimmed = uri.trim();
            if (!trimmed.isEmpty()) {
                Target target = ensure(trimmed);
                if (!out.contains(target)) {
                    out.add(target);
                }
            }
        }
        return out;
    }

    /**
     * Creates the targets recorded in the data directory and these; call once the context has fully started, before
     * the webhooks are served. A recorded target whose URI had credentials exists again only if one of these names it.
     */
    public void start(List<String> configuredTargets) throws Exception {
        Map<String, String> recorded = load();
        for (Map.Entry<String, String> entry : recorded.entrySet()) {
            if (!entry.getKey().endsWith(MASKED)) {
                ensure(entry.getValue());
            }
        }
        for (String targets : configuredTargets) {
            targetsOf(targets);
        }
        started.countDown();
        for (Map.Entry<String, String> entry : recorded.entrySet()) {
            if (entry.getKey().endsWith(MASKED)) {
                warnIfWaiting(entry.getKey().substring(0, entry.getKey().length() - MASKED.length()), entry.getValue());
            }
        }
    }

    /** Events waiting for a target that was not recreated would otherwise wait unnoticed. */
    private void warnIfWaiting(String id, String maskedUri) {
        if (targetByUri.values().stream().anyMatch(t -> t.id().equals(id))) {
            return;
        }
        long waiting = broker.messageCount(queuePrefix + id);
        if (waiting > 0) {
            LOG.warn("Target {} ({}) has {} events waiting on queue {}, but its URI has credentials, which are not kept on "
                    + "disk, and no configured target has that URI now: they are delivered once an event names the target "
                    + "again (a route rule or BRIDGE_TARGET_* setting)", id, maskedUri, waiting, queuePrefix + id);
        }
    }

    /** Whether a target URI carries credentials, which must never be written to disk. */
    static boolean hasSecrets(String uri) {
        return !URISupport.sanitizeUri(uri).equals(uri);
    }

    /** A target by URI; created (and recorded) on first use. */
    Target ensure(String uri) throws Exception {
        Target target = targetByUri.get(uri);
        if (target != null) {
            return target;
        }
        synchronized (this) {
            target = targetByUri.get(uri);
            if (target == null) {
                target = create(uri);
                targetByUri.put(uri, target);
                record(target.id(), uri);
            }
            return target;
        }
    }

    private Target create(String uri) throws Exception {
        String template = templateFor(uri);
        String id = slug(uri);
        String queue = plainJmsQueue(uri);
        BusForwarding forwarding = bus;
        // A plain JMS queue gets the events straight from the divert (nothing can fail on the way that would need
        // a redelivery, so no delivery route); with a message bus, on its local forwarding queue.
        if (queue != null && forwarding != null) {
            queue = forwarding.forward(queue);
        } else if (queue != null) {
            broker.ensureQueue(queue);
        } else {
            queue = queuePrefix + id;
            broker.ensureQueue(queue);
            TemplatedRouteBuilder.builder(context, template)
                    .routeId("deliver-" + id)
                    .parameter("targetUri", deliveryUri(uri, template))
                    .parameter("targetName", URISupport.sanitizeUri(uri))
                    .parameter("deliveryQueue", queue)
                    .add();
        }
        broker.ensureDivert("bridge.route." + id, stagingAddress,
                TARGET_IDS + " LIKE '%|" + id.replace("_", "!_") + "|%' ESCAPE '!'", queue,
                TargetCopyTransformer.class.getName());
        LOG.info("Target {} gets its events on queue {}", URISupport.sanitizeUri(uri), queue);
        return new Target(id, "jms:queue:" + queue);
    }

    /** The queue of a {@code jms:queue:X} or {@code jms:X} target without options; null for any other URI. */
    static String plainJmsQueue(String uri) {
        JmsDestination destination = JmsDestination.parse(uri);
        if (destination == null || !destination.isQueue() || !destination.options().isEmpty()) {
            return null;
        }
        String name = destination.name();
        boolean plain = !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
        return plain ? name : null;
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
        return sb.append('-').append(Sha256.hexPrefix(uri, 4)).toString();
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

    /**
     * Records a target in the data directory; one with credentials only masked (an entry an earlier version wrote in
     * clear is replaced).
     */
    private void record(String id, String uri) throws IOException {
        Map<String, String> known = load();
        boolean secret = hasSecrets(uri);
        String key = secret ? id + MASKED : id;
        String value = secret ? URISupport.sanitizeUri(uri) : uri;
        if (value.equals(known.get(key)) && (!secret || !known.containsKey(id))) {
            return;
        }
        known.remove(id);
        known.put(key, value);
        Properties p = new Properties();
        p.putAll(known);
        Files.createDirectories(registryFile.toAbsolutePath().getParent());
        Path tmp = registryFile.resolveSibling(registryFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "target id = target URI (<id>.masked: a URI with credentials, masked); written by webhook-bridge, "
                    + "used to resume deliveries after a restart");
        }
        Files.move(tmp, registryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
