package io.webhookbridge.dispatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.event.EventHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Handler;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every target its own durable queue, so that targets never wait on, block or duplicate each other, and
 * lets the broker fill those queues in the same write that stages an event.
 * <p>
 * Each target has an id ({@link TargetUri#id}) and an exclusive divert on the staging address that matches
 * events whose {@value EventHeaders#TARGET_IDS} property names that id: the write that stages an event (before its 200) puts
 * a copy in the queue of each of its targets ({@link DeliveryQueues}), and nothing on the staging queue itself. A
 * target that is not a plain JMS queue also gets a delivery route ({@link DeliveryRoutes}). Events staged without
 * target ids (long-SMS parts) are read from the staging queue by the dispatch route, which sends them on to
 * {@link #deliveryEndpoints} in its own transaction.
 * <p>
 * Targets are created on first use, so a YAML rule may name a new target URI without any other change, and
 * recorded ({@link RecordedTargets}) so that their queued events are delivered after a restart.
 */
public final class TargetDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDeliveries.class);

    private final DeliveryQueues queues;
    private final DeliveryRoutes routes;
    private final RecordedTargets recorded;
    private final Map<String, Target> targetByUri = new ConcurrentHashMap<>();
    private final Map<String, String> idsByTargets = new ConcurrentHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Consumer<DeliveryTarget> onNewTarget = target -> { };
    private volatile EndpointOptions endpointOptions = (target, endpoint) -> endpoint;

    /** A target: its id, and the endpoint a transacted route sends its events to. */
    private record Target(String id, String endpoint, DeliveryTarget described) {
    }

    /**
     * A target as operators see it: its id, its masked URI (the {@code bridgeTarget} of its dead letters), its kind,
     * the queue its events wait on, and whether a delivery route drains that queue (else a JMS consumer does).
     */
    public record DeliveryTarget(String id, String name, String kind, String queue, boolean routed) {
    }

    TargetDeliveries(CamelContext context, EmbeddedBroker broker, String stagingAddress, String queuePrefix,
            Path registryFile, TargetRateLimits rateLimits) {
        this.queues = new DeliveryQueues(broker, stagingAddress, queuePrefix);
        this.routes = new DeliveryRoutes(context, rateLimits);
        this.recorded = new RecordedTargets(registryFile);
    }

    /** The targets created so far, in no particular order. */
    public List<DeliveryTarget> targets() {
        return targetByUri.values().stream().map(Target::described).distinct().toList();
    }

    /** Called with each target created from now on (call before {@link #start}, to see the configured ones too). */
    public void onNewTarget(Consumer<DeliveryTarget> listener) {
        this.onNewTarget = listener;
    }

    /** Options added to delivery endpoints (call before {@link #start}, so that the configured targets get them). */
    public void endpointOptions(EndpointOptions options) {
        this.endpointOptions = options;
    }

    /** With an external message bus (BRIDGE_BUS_URL), jms: targets are forwarded to it. */
    public void forwardJmsTargetsTo(JmsForwarding bus) {
        queues.forwardJmsTargetsTo(bus);
    }

    /**
     * The value of {@value EventHeaders#TARGET_IDS} for a comma-separated list of target URIs (see {@link TargetIds}), creating
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
    public List<String> deliveryEndpoints(@Header(EventHeaders.TARGETS) String targets) throws Exception {
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the delivery routes are not started yet");
        }
        List<String> endpoints = new ArrayList<>();
        for (Target target : targetsOf(targets)) {
            endpoints.add(target.endpoint());
        }
        return endpoints;
    }

    /**
     * Creates the recorded targets and these; call once the context has fully started, before the webhooks are
     * served. A recorded target whose URI had credentials exists again only if one of these names it.
     */
    public void start(List<String> configuredTargets) throws Exception {
        RecordedTargets.Recorded known = recorded.load();
        for (String uri : known.uris()) {
            ensure(uri);
        }
        for (String targets : configuredTargets) {
            targetsOf(targets);
        }
        started.countDown();
        known.maskedById().forEach(this::warnIfWaiting);
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

    /** Events waiting for a target that was not recreated would otherwise wait unnoticed. */
    private void warnIfWaiting(String id, String maskedUri) {
        if (targetByUri.values().stream().anyMatch(t -> t.id().equals(id))) {
            return;
        }
        long waiting = queues.waiting(id);
        if (waiting > 0) {
            LOG.warn("Target {} ({}) has {} events waiting on queue {}, but its URI has credentials, which are not kept on "
                    + "disk, and no configured target has that URI now: they are delivered once an event names the target "
                    + "again (a route rule or BRIDGE_TARGET_* setting)", id, maskedUri, waiting, queues.deliveryQueueName(id));
        }
    }

    /** A target by URI; created (and recorded) on first use. */
    private Target ensure(String uri) throws Exception {
        Target target = targetByUri.get(uri);
        if (target != null) {
            return target;
        }
        synchronized (this) {
            target = targetByUri.get(uri);
            if (target == null) {
                TargetUri targetUri = new TargetUri(uri);
                target = create(targetUri);
                targetByUri.put(uri, target);
                recorded.record(targetUri);
                onNewTarget.accept(target.described());
            }
            return target;
        }
    }

    private Target create(TargetUri target) throws Exception {
        String queue = queues.plainQueue(target);
        boolean routed = queue == null;
        if (routed) {
            // First, as it refuses an unsupported target before anything is created for it.
            String endpoint = endpointOptions.endpointUri(target, queues.endpointFor(target));
            queue = queues.deliveryQueue(target);
            routes.add(target, queue, endpoint);
        } else if (routes.hasOwnRateLimit(target)) {
            LOG.warn("Target {} has a rate limit, but a plain JMS queue has no delivery route to apply it: give its URI "
                    + "an option (e.g. ?deliveryMode=2) for one", target.masked());
        }
        queues.divert(target.id(), queue);
        LOG.info("Target {} gets its events on queue {}", target.masked(), queue);
        return new Target(target.id(), "jms:queue:" + queue,
                new DeliveryTarget(target.id(), target.masked(), target.kind(), queue, routed));
    }
}
