package io.webhookbridge.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.dispatch.JmsForwarding;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.BridgeConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.cluster.Bridge;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards {@code jms:} targets to the external message bus with Artemis core bridges, so that the bus may be
 * down without Vonage noticing.
 * <p>
 * A target {@code jms:queue:X} gets its events (from its divert, or its delivery route) on the local queue
 * {@code <prefix>X} of the embedded broker, on its journal. One core bridge per such queue moves its messages to
 * the anycast address {@code X} on the bus: it connects, and reconnects after any failure, forever with backoff,
 * and removes a message from the local queue only once the bus has confirmed storing it. Each message carries its
 * event's dedupe key as {@code _AMQ_DUPL_ID}; the bridge hands it to the bus as the bridge duplicate id
 * ({@link DedupeKeyAsBridgeDuplicateId}), which the bus checks atomically, so the bus stores the event once, whether
 * the bridge resends it after a failure or another bridge instance forwards the same Vonage retry at the same moment.
 * The bridge's own duplicate detection is off on purpose: it would stamp a per-instance id (docs/bus.md).
 * <p>
 * A core bridge waits (retrying) until its forwarding address exists on the bus, and never creates it. So while a
 * bridge is not connected, a provisioner creates the missing queues on the bus (a durable anycast queue named
 * like its address, as a JMS consumer would), with backoff. It also keeps the reason the bus is unusable
 * (unreachable, credentials refused) for the health check, and logs each change of that state once.
 */
public final class BusForwarding extends ServiceSupport implements JmsForwarding {

    private static final Logger LOG = LoggerFactory.getLogger(BusForwarding.class);
    private static final String BRIDGE_PREFIX = "bus-forward.";

    private final EmbeddedBroker broker;
    private final BusSettings settings;
    /** Bus queue → the core bridge forwarding to it; its keys are the bus queues this bridge forwards. */
    private final Map<String, BridgeConfiguration> bridgeConfigs = new ConcurrentHashMap<>();
    private final List<String> connectorNames = new ArrayList<>();
    private boolean ha;
    private TransportConfiguration[] transports;
    private ScheduledExecutorService provisioner;
    private int failedProvisionings;
    /** Bus queues this user may not create; reported once each. */
    private final Set<String> uncreatable = ConcurrentHashMap.newKeySet();
    /** Why the bus is not usable, from the last connection attempt; null when it connected. */
    private volatile String problem;

    public BusForwarding(EmbeddedBroker broker, BusSettings settings) {
        this.broker = broker;
        this.settings = settings;
    }

    public BusSettings settings() {
        return settings;
    }

    @Override
    protected void doStart() throws Exception {
        try (ServerLocator parsed = ActiveMQClient.createServerLocator(settings.url())) {
            transports = parsed.getStaticTransportConfigurations();
            ha = parsed.isHA();
        } catch (Exception e) {
            throw new IllegalArgumentException("BRIDGE_BUS_URL " + settings.maskedUrl()
                    + " is not an Artemis connection URL (e.g. tcp://bus:61616): " + e.getMessage(), e);
        }
        if (transports == null || transports.length == 0) {
            throw new IllegalArgumentException("BRIDGE_BUS_URL " + settings.maskedUrl() + " names no broker");
        }
        ActiveMQServer server = broker.server();
        for (int i = 0; i < transports.length; i++) {
            String name = "bus-" + i;
            server.getConfiguration().addConnectorConfiguration(name, transports[i]);
            connectorNames.add(name);
        }
        provisioner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bus-provisioner");
            t.setDaemon(true);
            return t;
        });
        // Bounded, once, now: wrong credentials are reported at start-up. Start-up never waits for the bus.
        connectAndCreate(List.of());
        // Local forwarding queues survive restarts on the journal; their bridges do not: redeploy them all, so a
        // backlog drains even if no target names the queue any more.
        for (String name : server.getActiveMQServerControl().getAddressNames()) {
            if (name.startsWith(settings.localPrefix()) && name.length() > settings.localPrefix().length()) {
                forward(name.substring(settings.localPrefix().length()));
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (provisioner != null) {
            provisioner.shutdownNow();
            provisioner = null;
        }
    }

    /** Makes sure the local queue for a bus queue exists and has its core bridge; returns the local queue. */
    @Override
    public synchronized String forward(String busQueue) throws Exception {
        String local = settings.localPrefix() + busQueue;
        if (bridgeConfigs.containsKey(busQueue)) {
            return local;
        }
        broker.ensureQueue(local);
        BridgeConfiguration bridge = new BridgeConfiguration()
                .setName(BRIDGE_PREFIX + busQueue)
                .setQueueName(local)
                .setForwardingAddress(busQueue)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                .setStaticConnectors(connectorNames)
                .setHA(ha)
                .setUser(settings.userOrNull())
                .setPassword(settings.passwordOrNull())
                // Never give up: an outage of any length only grows the local backlog.
                .setInitialConnectAttempts(-1)
                .setReconnectAttempts(-1)
                .setRetryInterval(settings.retryIntervalMs())
                .setRetryIntervalMultiplier(2.0)
                .setMaxRetryInterval(settings.maxRetryIntervalMs())
                // A local message is acknowledged only after the bus confirmed storing it.
                .setConfirmationWindowSize(1024 * 1024)
                // Off: it would stamp a per-instance id; the transformer stamps the event's dedupe key instead,
                // which the bus checks atomically (see DedupeKeyAsBridgeDuplicateId and docs/bus.md).
                .setUseDuplicateDetection(false)
                .setTransformerConfiguration(new TransformerConfiguration(DedupeKeyAsBridgeDuplicateId.class.getName()));
        // Through the cluster manager: the server's deployBridge would also store the configuration, password
        // included, in the journal; the bridges are deployed again from the settings at every start anyway.
        if (!broker.server().getClusterManager().deployBridge(bridge)) {
            throw new IllegalStateException("could not deploy the bus bridge for " + local);
        }
        boolean first = bridgeConfigs.isEmpty();
        bridgeConfigs.put(busQueue, bridge);
        LOG.info("Queue {} forwards to queue {} on the message bus {}", local, busQueue, settings.maskedUrl());
        if (first) {
            provisioner.schedule(this::provisionLoop, 0, TimeUnit.MILLISECONDS);
        } else {
            provisioner.execute(this::provision);
        }
        return local;
    }

    /** Whether every forwarding bridge is connected to the bus; without bridges, whether the last check was. */
    public boolean isConnected() {
        List<Bridge> bridges = bridges();
        if (bridges.isEmpty()) {
            return problem == null;
        }
        return bridges.stream().allMatch(Bridge::isConnected);
    }

    /** Bridges deployed and how many of them are connected. */
    public int bridgeCount() {
        return bridges().size();
    }

    /** Messages waiting in the local forwarding queues for the bus. */
    public long backlog() {
        long total = 0;
        for (String busQueue : bridgeConfigs.keySet()) {
            total += Math.max(0, broker.messageCount(settings.localPrefix() + busQueue));
        }
        return total;
    }

    /** Why the last connection attempt to the bus failed, or null if it connected. */
    public String problem() {
        return problem;
    }

    /** Runs {@link #provision()} now and again later, more rarely while the bus keeps failing, until stopped. */
    private void provisionLoop() {
        long delay;
        try {
            delay = provision();
        } catch (RuntimeException e) {
            LOG.warn("Provisioning queues on the message bus failed: {}", e.getMessage());
            delay = settings.maxRetryIntervalMs();
        }
        ScheduledExecutorService executor = provisioner;
        if (isRunAllowed() && executor != null && !executor.isShutdown()) {
            executor.schedule(this::provisionLoop, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Creates the bus queues of disconnected bridges; returns the delay before the next look. Provisioner thread only. */
    private long provision() {
        ActiveMQServer server = broker.server();
        if (!isRunAllowed() || server == null || !server.isActive()) {
            return settings.retryIntervalMs();
        }
        List<String> disconnected = new ArrayList<>();
        for (String busQueue : bridgeConfigs.keySet()) {
            Bridge bridge = server.getClusterManager().getBridges().get(BRIDGE_PREFIX + busQueue);
            if (bridge == null || !bridge.isConnected()) {
                disconnected.add(busQueue);
            }
        }
        if (disconnected.isEmpty()) {
            failedProvisionings = 0;
            return settings.retryIntervalMs();
        }
        if (connectAndCreate(disconnected)) {
            restartStoppedBridges(server, disconnected);
            failedProvisionings = 0;
            return settings.retryIntervalMs();
        }
        failedProvisionings = Math.min(failedProvisionings + 1, 30);
        return (long) Math.min(settings.maxRetryIntervalMs(), settings.retryIntervalMs() * Math.pow(2, failedProvisionings));
    }

    /**
     * When the bus refuses a core bridge's credentials, the broker stops every core bridge (its cluster manager
     * treats that as a cluster authentication failure) and they never retry. Once the bus accepts the credentials
     * again (fixed on the bus side), restart them, so that the backlog drains without restarting the bridge.
     */
    private void restartStoppedBridges(ActiveMQServer server, List<String> busQueues) {
        try {
            if (!server.getClusterManager().isStarted()) {
                LOG.warn("The message bus {} accepts user '{}' again: restarting the forwarding bridges the broker had"
                        + " stopped after the refusal", settings.maskedUrl(), settings.userOrNull());
                server.getClusterManager().start();
            }
            for (String busQueue : busQueues) {
                if (!server.getClusterManager().getBridges().containsKey(BRIDGE_PREFIX + busQueue)) {
                    server.getClusterManager().deployBridge(bridgeConfigs.get(busQueue));
                }
            }
        } catch (Exception e) {
            LOG.warn("Could not restart the forwarding bridges to the message bus {}: {}", settings.maskedUrl(), e.getMessage());
        }
    }

    /** The core bridges forwarding to the bus. */
    public List<Bridge> bridges() {
        ActiveMQServer server = broker.server();
        if (server == null || server.getClusterManager() == null) {
            return List.of();
        }
        List<Bridge> out = new ArrayList<>();
        for (Map.Entry<String, Bridge> e : server.getClusterManager().getBridges().entrySet()) {
            if (e.getKey().startsWith(BRIDGE_PREFIX)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /**
     * One bounded attempt to open a session on the bus and create the queues that are missing there. Records and
     * logs (on change only) whether the bus is usable. Returns whether the session opened.
     */
    private boolean connectAndCreate(List<String> busQueues) {
        String user = settings.userOrNull();
        String before = problem;
        try (ServerLocator locator = ActiveMQClient.createServerLocatorWithoutHA(transports)) {
            locator.setInitialConnectAttempts(1).setReconnectAttempts(0).setCallTimeout(settings.checkTimeoutMs());
            try (ClientSessionFactory factory = locator.createSessionFactory();
                 ClientSession session = factory.createSession(user, settings.passwordOrNull(), false, true, true, false, 0)) {
                problem = null;
                if (before != null || busQueues.isEmpty()) {
                    LOG.info("Message bus {} reached as user '{}': jms: targets are forwarded to it", settings.maskedUrl(), user);
                }
                for (String busQueue : busQueues) {
                    createIfMissing(session, busQueue);
                }
                return true;
            }
        } catch (ActiveMQSecurityException e) {
            problem = "the bus refused user '" + user + "'";
            if (!problem.equals(before)) {
                LOG.error("Message bus {} refused user '{}': check BRIDGE_BUS_USER and BRIDGE_BUS_PASSWORD. Webhooks are"
                        + " still accepted and kept in the local journal; nothing reaches the bus until it accepts these"
                        + " credentials", settings.maskedUrl(), user);
            }
        } catch (Exception e) {
            problem = "the bus is not reachable: " + e.getMessage();
            if (before == null || !before.startsWith("the bus is not reachable")) {
                LOG.warn("Message bus {} is not reachable ({}); webhooks are accepted, kept in the local journal and"
                        + " forwarded when it is back", settings.maskedUrl(), e.getMessage());
            }
        }
        return false;
    }

    private void createIfMissing(ClientSession session, String busQueue) throws Exception {
        if (session.addressQuery(SimpleString.of(busQueue)).isExists()) {
            return;
        }
        try {
            session.createQueue(QueueConfiguration.of(busQueue).setAddress(busQueue).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
            LOG.info("Created queue {} on the message bus {}", busQueue, settings.maskedUrl());
        } catch (ActiveMQQueueExistsException e) {
            // created meanwhile by a consumer or another bridge instance
        } catch (ActiveMQSecurityException e) {
            if (!uncreatable.add(busQueue)) {
                return;
            }
            LOG.error("The message bus {} does not let user '{}' create queue {}: create it on the bus, or grant"
                    + " createAddress and createDurableQueue; its events wait in the local journal until then",
                    settings.maskedUrl(), settings.userOrNull(), busQueue);
        }
    }
}
