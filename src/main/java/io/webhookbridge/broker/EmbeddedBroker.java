package io.webhookbridge.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.DiskFullMessagePolicy;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process Artemis broker that makes a 200 mean "on disk": persistence and datasync on, duplicate
 * detection on the staging address, a dead-letter address for everything. Configured in code from
 * {@link BrokerSettings} (the {@code bridge.broker.*} keys) so that one properties file drives it all. Events enter it
 * through its {@link EventStore}.
 */
public final class EmbeddedBroker extends ServiceSupport {

    /** The user the bridge's own in-VM clients log in as. */
    public static final String IN_VM_USER = "webhook-bridge";
    /** All permissions: the bridge itself, and a TCP user with {@code bridge.broker.user-role=admin}. */
    static final String ADMIN_ROLE = "admin";
    /** Consume and browse: reading the queues, as a consumer or a tool that browses them does. */
    static final String READ_ROLE = "read";

    /** Message groups per queue: enough to spread messages over any sensible number of consumers. */
    private static final int GROUP_BUCKETS = 1024;
    /** Set by the route that puts an event back on its queue for a retry: when the event was first stored. */
    private static final SimpleString FIRST_STORED_AT = SimpleString.of("bridgeStoredAt");

    private static final Role ADMIN = new Role(ADMIN_ROLE, true, true, true, true, true, true, true, true, true, true, true,
            true);
    /**
     * The bridge's own queues (staging, delivery, dead letters, bus forwarding): a reader consuming from them would take
     * events out of the bridge's hands, so the read-only user may only browse them.
     */
    private static final Set<Role> INTERNAL = Set.of(ADMIN,
            new Role(READ_ROLE, false, false, false, false, false, false, false, true, false, false, false, false));
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerSettings settings;
    private volatile String inVmPassword;
    private EmbeddedActiveMQ embedded;
    private volatile EventStore eventStore;
    private ActiveMQMetricsPlugin metricsPlugin;

    public EmbeddedBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    /** Where the broker's meters go (queues, memory, disk); null (the default) for none. Set before starting. */
    public void setMetricsPlugin(ActiveMQMetricsPlugin metricsPlugin) {
        this.metricsPlugin = metricsPlugin;
    }

    @Override
    protected void doStart() throws Exception {
        String tcpRole = tcpRole();
        inVmPassword = randomPassword();
        embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(configuration());
        // No default user: a connection without credentials is refused. The bridge's own clients log in over the
        // in-VM acceptor with a password made at each start that never leaves this process; the TCP port, when an
        // operator opens it, takes only the user the operator configured.
        SecurityConfiguration security = new SecurityConfiguration();
        security.addUser(IN_VM_USER, inVmPassword);
        security.addRole(IN_VM_USER, ADMIN_ROLE);
        if (tcpRole != null) {
            security.addUser(settings.tcpUser(), settings.tcpPassword());
            security.addRole(settings.tcpUser(), tcpRole);
        }
        embedded.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), security));
        embedded.start();
        if (!embedded.getActiveMQServer().isActive()) {
            // E.g. the TCP port is taken or the journal is locked by another bridge: refuse to run half a broker.
            embedded.stop();
            embedded = null;
            throw new IllegalStateException("The embedded broker did not start (see the errors above): is another bridge "
                    + "using " + settings.dataDir() + ", or is port " + settings.tcpPort() + " taken? "
                    + "Set BRIDGE_DATA_DIR / BRIDGE_BROKER_PORT (0 = no TCP port).");
        }
        eventStore = newInProcessEventStore();
        if (tcpRole != null) {
            LOG.info("Embedded broker listens on 127.0.0.1:{} (core protocol) for user '{}' with {} rights", settings.tcpPort(),
                    settings.tcpUser(), READ_ROLE.equals(tcpRole) ? "read-only (consume, browse)" : "all");
        }
    }

    /**
     * The TCP user's role, or null when the TCP port is closed. An open port without an operator's user and password
     * is refused: there is no built-in account to fall back on.
     */
    private String tcpRole() {
        if (settings.tcpPort() <= 0) {
            return null;
        }
        if (isBlank(settings.tcpUser()) || isBlank(settings.tcpPassword())) {
            throw new IllegalStateException("BRIDGE_BROKER_PORT=" + settings.tcpPort() + " opens the embedded broker's TCP "
                    + "port, which needs the credentials its clients log in with: set BRIDGE_BROKER_USER and "
                    + "BRIDGE_BROKER_PASSWORD (bridge.broker.user, bridge.broker.password), or BRIDGE_BROKER_PORT=0.");
        }
        if (IN_VM_USER.equals(settings.tcpUser())) {
            throw new IllegalStateException("BRIDGE_BROKER_USER '" + IN_VM_USER + "' is the bridge's own in-VM user: "
                    + "choose another name.");
        }
        String role = settings.tcpUserRole() == null ? READ_ROLE : settings.tcpUserRole().trim().toLowerCase(Locale.ROOT);
        if (!READ_ROLE.equals(role) && !ADMIN_ROLE.equals(role)) {
            throw new IllegalStateException("BRIDGE_BROKER_USER_ROLE is '" + settings.tcpUserRole() + "': use "
                    + READ_ROLE + " (consume and browse) or " + ADMIN_ROLE + " (everything).");
        }
        return role;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A connection factory for the bridge's own clients: the in-VM acceptor, logged in as {@value #IN_VM_USER}.
     * Only valid while the broker runs (a restart makes a new password).
     */
    public ActiveMQConnectionFactory inVmConnectionFactory() {
        if (inVmPassword == null) {
            throw new IllegalStateException("the embedded broker is not started");
        }
        return new ActiveMQConnectionFactory("vm://" + settings.inVmId(), IN_VM_USER, inVmPassword);
    }

    @Override
    protected void doStop() throws Exception {
        eventStore = null;
        if (embedded != null) {
            embedded.stop();
            embedded = null;
        }
        inVmPassword = null;
    }

    public ActiveMQServer server() {
        return embedded == null ? null : embedded.getActiveMQServer();
    }

    public boolean isActive() {
        ActiveMQServer server = server();
        return server != null && server.isActive();
    }

    /** How events enter the broker durably; only while the broker runs. */
    public EventStore eventStore() {
        EventStore store = eventStore;
        if (store == null) {
            throw new IllegalStateException("the embedded broker is not started");
        }
        return store;
    }

    InProcessEventStore newInProcessEventStore() {
        return new InProcessEventStore(server(), settings.maxDiskUsagePercent());
    }

    /** Creates a durable anycast queue (and its address) unless it exists. */
    public void ensureQueue(String queue) throws Exception {
        server().createQueue(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setAutoCreated(false), true);
    }

    /**
     * Deploys an exclusive divert on an address unless one of that name exists: a message sent to the address that
     * matches the filter goes, in the same write, to the forwarding address (anycast) instead, transformed on the
     * way. All matching exclusive diverts get the message; one that no divert matches stays on the address's queue.
     */
    public void ensureDivert(String name, String address, String filter, String forwardingAddress, String transformerClass)
            throws Exception {
        ActiveMQServer server = server();
        if (server.getPostOffice().getBinding(SimpleString.of(name)) != null) {
            return;
        }
        server.deployDivert(new DivertConfiguration()
                .setName(name)
                .setRoutingName(name)
                .setAddress(address)
                .setForwardingAddress(forwardingAddress)
                .setFilterString(filter)
                .setExclusive(true)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                .setTransformerConfiguration(new TransformerConfiguration(transformerClass)));
    }

    /**
     * Makes the queues of these addresses (an Artemis match, e.g. {@code bridge.bus.#}) the bridge's own: the
     * read-only user may browse them but not consume from them.
     */
    public void keepFromReaders(String addressMatch) {
        server().getSecurityRepository().addMatch(addressMatch, INTERNAL);
    }

    /** Messages waiting in a queue, or -1 when the queue does not exist. */
    public long messageCount(String queue) {
        var q = locate(queue);
        return q == null ? -1 : q.getMessageCount();
    }

    /** Bytes of the messages in a queue (in memory and paged), or 0 when the queue does not exist. */
    public long queueBytes(String queue) {
        var q = locate(queue);
        return q == null ? 0 : q.getPersistentSize();
    }

    /**
     * When the oldest message of a queue that is still to be delivered was stored (epoch ms), or 0 when there is none
     * or no such queue: the older of the first message ready for a consumer and the first scheduled one. Artemis's
     * {@code QueueControl.getFirstMessageAge} sees only the former, and a failing target's events wait scheduled (each
     * failed delivery comes back after its backoff), so for that target it reads about 0 while its events have been
     * waiting for minutes. A copy put back on the queue counts from when its event was first stored. Messages a
     * consumer holds at this moment are not counted, and the first scheduled message is the one due first, not always
     * the oldest: a lower bound, read in constant time (no scan of the scheduled list on every scrape).
     */
    public long oldestMessageTimestamp(String queue) {
        var q = locate(queue);
        if (q == null) {
            return 0;
        }
        long oldest = 0;
        for (MessageReference ref : new MessageReference[] {q.peekFirstMessage(), q.peekFirstScheduledMessage()}) {
            long stored = storedAt(ref);
            if (stored > 0 && (oldest == 0 || stored < oldest)) {
                oldest = stored;
            }
        }
        return oldest;
    }

    /** When the event was first stored: a copy put back on its queue for a retry carries that time as a property. */
    private static long storedAt(MessageReference ref) {
        if (ref == null || ref.getMessage() == null) {
            return 0;
        }
        Object first = ref.getMessage().getObjectProperty(FIRST_STORED_AT);
        return first instanceof Number n && n.longValue() > 0 ? n.longValue() : ref.getMessage().getTimestamp();
    }

    /**
     * How many messages waiting on the queue match the filter (Artemis's management API: those ready for a consumer
     * or paged, not the scheduled ones nor those a consumer holds); 0 when there is no such queue.
     */
    public long count(String queue, String filter) throws Exception {
        ActiveMQServer server = server();
        Object control = server == null ? null : server.getManagementService().getResource(ResourceNames.QUEUE + queue);
        return control instanceof QueueControl q ? q.countMessages(filter) : 0;
    }

    private org.apache.activemq.artemis.core.server.Queue locate(String queue) {
        ActiveMQServer server = server();
        return server == null ? null : server.locateQueue(SimpleString.of(queue));
    }

    private Configuration configuration() throws Exception {
        Path dataDir = Path.of(settings.dataDir()).toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("webhook-bridge")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                // A 200 promises the event is on disk: sync every non-transactional write, with datasync.
                .setJournalSyncNonTransactional(true)
                .setJournalSyncTransactional(true)
                .setJournalDatasync(true)
                // Batches the syncs of concurrent sends: one fdatasync serves every event written within this time.
                .setJournalBufferTimeout_NIO(settings.journalBufferTimeoutNanos())
                // Reclaimed journal files kept for reuse (10 MB each): a smaller pool makes a busy bridge delete files and
                // zero-fill new ones moments later. Up to 320 MB of free files stay on disk instead. (-1, no limit, makes
                // Artemis warn.)
                .setJournalPoolFiles(32)
                .setJournalMinFiles(2)
                // Addresses other than staging keep Artemis's default id cache. Diverted copies carry no id (the
                // staging address stored the event once); the ids here are those of reassembled long SMS, written in
                // the dispatch route's transaction, and of dead-letter entries, so a short memory is enough.
                .setIDCacheSize(20_000)
                .setPersistIDCache(true)
                .setGlobalMaxSize(settings.globalMaxSizeBytes())
                .setMaxDiskUsage(settings.maxDiskUsagePercent())
                .setGracefulShutdownEnabled(true)
                .setGracefulShutdownTimeout(10_000);
        if (metricsPlugin != null) {
            // The JVM's meters come from the bridge's own registry, not a second time from the broker.
            config.setMetricsConfiguration(new MetricsConfiguration().setJvmMemory(false).setPlugin(metricsPlugin));
        }
        config.addAcceptorConfiguration("in-vm", "vm://" + settings.inVmId());
        if (settings.tcpPort() > 0) {
            config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + settings.tcpPort()
                    + "?protocols=CORE&supportAdvisory=false");
        }
        config.putSecurityRoles("#", Set.of(ADMIN,
                // send, consume, create/delete durable queue, create/delete non-durable queue, manage, browse,
                // create/delete address, view, edit
                new Role(READ_ROLE, false, true, false, false, false, false, false, true, false, false, false, false)));
        for (String internal : List.of(settings.stagingQueue(), settings.deadLetterQueue(), settings.expiryQueue(),
                settings.deliveryPrefix() + "#")) {
            config.putSecurityRoles(internal, INTERNAL);
        }
        // Artemis lets its cluster user (used between clustered brokers) do anything, and ships it with a well-known
        // password; this broker has no cluster, so the password is one nobody knows.
        config.setClusterPassword(randomPassword());

        // Catch-all: dead letters and expiries have a home; a full address pages to disk instead of blocking.
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(settings.deadLetterQueue()))
                .setExpiryAddress(SimpleString.of(settings.expiryQueue()))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(-1)
                // A full disk must fail a send (503, Vonage retries), never block it: a blocked send would
                // stall the HTTP event loop.
                .setDiskFullMessagePolicy(DiskFullMessagePolicy.FAIL)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                // Safety net only: delivery routes park failures themselves, with the reason, before this.
                .setMaxDeliveryAttempts(settings.maxDeliveryAttempts())
                .setRedeliveryDelay(1000)
                // Events carry their message as group id (request data): hashed into a fixed number of buckets, a
                // queue's group-to-consumer map stays bounded however many messages pass.
                .setDefaultGroupBuckets(GROUP_BUCKETS));
        // Delivery queues: a failed delivery of an event without a message (group) is rolled back and the broker
        // redelivers it later with exponential backoff, on disk and without holding a thread, while the target's other
        // events keep flowing (the delivery route puts an event of a message back on the queue itself, with the same
        // backoff, to keep its place in the message's line). The delivery route parks the last attempt on the
        // dead-letter queue with its reason; the broker's own dead-lettering one attempt later is only the safety net
        // if parking itself failed. (Artemis merges address
        // settings: everything not set here comes from the catch-all.)
        config.addAddressSetting(settings.deliveryPrefix() + "#", new AddressSettings()
                .setRedeliveryDelay(settings.deliveryInitialDelayMs())
                .setRedeliveryMultiplier(settings.deliveryBackoffMultiplier())
                .setMaxRedeliveryDelay(settings.deliveryMaxDelayMs())
                .setMaxDeliveryAttempts(settings.deliveryMaxRedeliveries() + 2));
        // Staging remembers every accepted event's dedupe key for Vonage's 24 h of retries (sized by the rate).
        config.addAddressSetting(settings.stagingQueue(), new AddressSettings().setIDCacheSize(settings.idCacheSize()));
        // The dead-letter queue keeps what it is given, with no further DLA. Refused webhooks carry an expiration
        // (bridge.dead-letter.rejected-max-age); when one expires it is dropped, not moved to the expiry queue.
        config.addAddressSetting(settings.deadLetterQueue(), new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setExpiryAddress(SimpleString.of(""))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(-1));

        for (String queue : new String[] {settings.stagingQueue(), settings.deadLetterQueue(), settings.expiryQueue()}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue)
                    .setAddress(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        return config;
    }
}
