package io.webhookbridge;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.webhookbridge.broker.BrokerHealthCheck;
import io.webhookbridge.broker.BrokerSettings;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.bus.BusForwarding;
import io.webhookbridge.bus.BusHealthCheck;
import io.webhookbridge.bus.BusSettings;
import io.webhookbridge.dispatch.DeliveryAttempt;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetIds;
import io.webhookbridge.dispatch.TargetResolver;
import io.webhookbridge.ingress.ConnectionLimits;
import io.webhookbridge.ingress.ErrorReply;
import io.webhookbridge.ingress.WebhookHttpComponent;
import io.webhookbridge.ingress.WebhookHttpEngine;
import io.webhookbridge.ingress.WebhookPortHealthCheck;
import io.webhookbridge.management.ManagementAccess;
import io.webhookbridge.messages.MessagesClassifier;
import io.webhookbridge.messages.MessagesJwtVerifier;
import io.webhookbridge.signature.AddressRanges;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsClassifier;
import io.webhookbridge.sms.SmsPartsRepository;
import io.webhookbridge.sms.SmsReassembly;
import io.webhookbridge.sms.SmsSignatureMethod;
import io.webhookbridge.sms.SmsSignatureVerifier;
import io.webhookbridge.staging.EventStager;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the bridge: the embedded broker, the JMS connections, the webhook HTTP engine and the beans the
 * YAML routes call by name. Every setting comes from {@code config/application.properties}.
 */
public class BridgeConfiguration implements org.apache.camel.CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    @PropertyInject("bridge.http.host")
    private String httpHost;
    @PropertyInject("bridge.http.port")
    private int httpPort;
    @PropertyInject("bridge.http.event-loops")
    private int httpEventLoops;
    @PropertyInject("bridge.http.max-body-bytes")
    private long maxBodyBytes;
    @PropertyInject("bridge.http.max-in-flight")
    private int maxInFlight;
    @PropertyInject("bridge.http.request-timeout-ms")
    private long requestTimeoutMs;
    @PropertyInject("bridge.http.retry-after-seconds")
    private int retryAfterSeconds;
    @PropertyInject("bridge.http.receive-timeout-ms")
    private long receiveTimeoutMs;
    @PropertyInject("bridge.http.idle-timeout-ms")
    private long idleTimeoutMs;
    @PropertyInject("bridge.http.max-pending-connections")
    private int maxPendingConnections;
    @PropertyInject("bridge.http.max-buffered-bytes")
    private long maxBufferedBytes;
    @PropertyInject("bridge.http.max-connections-per-address")
    private int maxConnectionsPerAddress;
    @PropertyInject("bridge.http.h2c")
    private boolean h2c;
    @PropertyInject("bridge.http.trusted-proxies")
    private String trustedProxies;

    @PropertyInject(value = "bridge.management.token", defaultValue = "")
    private String managementToken;

    @PropertyInject("vonage.signature.secret")
    private String signatureSecret;
    @PropertyInject("vonage.signature.secrets")
    private String signatureSecretsByApiKey;
    @PropertyInject("bridge.signature.max-age")
    private long signatureMaxAge;
    @PropertyInject("bridge.signature.max-future")
    private long signatureMaxFuture;

    @PropertyInject("vonage.signature.method")
    private String smsSignatureMethod;
    @PropertyInject("bridge.sms.signature-required")
    private boolean smsSignatureRequired;
    @PropertyInject("bridge.sms.signature-max-age")
    private long smsSignatureMaxAge;
    @PropertyInject("bridge.sms.unsigned-sources")
    private String smsUnsignedSources;

    @PropertyInject("bridge.data.dir")
    private String dataDir;
    @PropertyInject("bridge.broker.port")
    private int brokerPort;
    @PropertyInject(value = "bridge.broker.user", defaultValue = "")
    private String brokerUser;
    @PropertyInject(value = "bridge.broker.password", defaultValue = "")
    private String brokerPassword;
    @PropertyInject(value = "bridge.broker.user-role", defaultValue = "read")
    private String brokerUserRole;
    @PropertyInject(value = "bridge.broker.vm-id", defaultValue = "0")
    private int brokerVmId;
    @PropertyInject("bridge.broker.id-cache-size")
    private int idCacheSize;
    @PropertyInject("bridge.broker.global-max-size-bytes")
    private long globalMaxSize;
    @PropertyInject("bridge.broker.max-disk-usage-percent")
    private int maxDiskUsage;
    @PropertyInject("bridge.broker.journal-buffer-timeout-ns")
    private int journalBufferTimeout;
    @PropertyInject("bridge.broker.max-delivery-attempts")
    private int maxDeliveryAttempts;
    @PropertyInject("bridge.queue.staging")
    private String stagingQueue;
    @PropertyInject("bridge.queue.dead-letter")
    private String deadLetterQueue;
    @PropertyInject("bridge.dead-letter.rejected-max-bytes")
    private long rejectedMaxQueueBytes;
    @PropertyInject("bridge.dead-letter.rejected-max-age")
    private long rejectedMaxAgeSeconds;
    @PropertyInject("bridge.queue.expiry")
    private String expiryQueue;
    @PropertyInject("bridge.queue.delivery-prefix")
    private String deliveryPrefix;
    @PropertyInject("bridge.delivery.max-redeliveries")
    private int deliveryMaxRedeliveries;
    @PropertyInject("bridge.delivery.initial-delay-ms")
    private long deliveryInitialDelay;
    @PropertyInject("bridge.delivery.backoff-multiplier")
    private double deliveryBackoffMultiplier;
    @PropertyInject("bridge.delivery.max-delay-ms")
    private long deliveryMaxDelay;

    @PropertyInject("bridge.bus.url")
    private String busUrl;
    @PropertyInject("bridge.bus.user")
    private String busUser;
    @PropertyInject("bridge.bus.password")
    private String busPassword;
    @PropertyInject(value = "bridge.bus.local-prefix", defaultValue = "bridge.bus.")
    private String busLocalPrefix;
    @PropertyInject(value = "bridge.bus.retry-interval-ms", defaultValue = "1000")
    private long busRetryInterval;
    @PropertyInject(value = "bridge.bus.max-retry-interval-ms", defaultValue = "30000")
    private long busMaxRetryInterval;
    @PropertyInject(value = "bridge.bus.check-timeout-ms", defaultValue = "5000")
    private long busCheckTimeout;

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        SignatureSecrets secrets = new SignatureSecrets(signatureSecret, signatureSecretsByApiKey);

        EmbeddedBroker broker = new EmbeddedBroker(new BrokerSettings(dataDir, brokerPort, idCacheSize, globalMaxSize,
                maxDiskUsage, journalBufferTimeout, maxDeliveryAttempts, stagingQueue, deadLetterQueue, expiryQueue,
                deliveryPrefix, deliveryMaxRedeliveries, deliveryInitialDelay, deliveryBackoffMultiplier, deliveryMaxDelay,
                brokerVmId, brokerUser, brokerPassword, brokerUserRole));
        // Started now, before any route: the JMS consumers and the stagers need it.
        context.addService(broker, true, true);
        broker.start();
        registry.bind("embeddedBroker", broker);

        // camel-jms: pooled, on the in-VM acceptor as the bridge's own user; consumers are transacted per route.
        JmsPoolConnectionFactory pooled = new JmsPoolConnectionFactory();
        pooled.setConnectionFactory(broker.inVmConnectionFactory());
        pooled.setMaxConnections(2);
        pooled.setMaxSessionsPerConnection(500);
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                pooled.stop();
            }
        }, true, true);
        registry.bind("jmsConnectionFactory", pooled);
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.setConnectionFactory(pooled);

        // Staging: events are routed into the embedded broker in-process and the webhook is answered when the broker
        // has them on disk (EventStager).
        EventStager eventStager = new EventStager(broker, stagingQueue, true);
        EventStager rejectedStager = EventStager.forRejected(broker, deadLetterQueue, rejectedMaxQueueBytes,
                rejectedMaxAgeSeconds * 1000);
        context.addService(eventStager, true, true);
        context.addService(rejectedStager, true, true);
        registry.bind("eventStager", eventStager);
        registry.bind("rejectedEventStager", rejectedStager);

        registry.bind("messagesJwtVerifier", new MessagesJwtVerifier(secrets, signatureMaxAge, signatureMaxFuture, clock));
        registry.bind("messagesClassifier", new MessagesClassifier(clock));
        registry.bind("errorReply", new ErrorReply());

        SmsSignatureVerifier smsVerifier = new SmsSignatureVerifier(secrets, SmsSignatureMethod.fromConfig(smsSignatureMethod),
                smsSignatureMaxAge, signatureMaxFuture, smsSignatureRequired, clock);
        AddressRanges unsignedSources = AddressRanges.parse(smsUnsignedSources);
        if (!smsSignatureRequired) {
            LOG.warn("BRIDGE_SMS_SIGNATURE_REQUIRED=false: unsigned SMS webhooks are accepted from {}, marked "
                    + "vonageSignatureVerified=false with event ids unverified.*; anyone who reaches the webhook port "
                    + "from there can inject SMS events", unsignedSources.isEmpty() ? "any address" : unsignedSources);
        }
        registry.bind("smsClassifier", new SmsClassifier(smsVerifier, unsignedSources, clock));
        registry.bind("smsReassembly", new SmsReassembly());
        registry.bind("smsPartsRepository", SmsPartsRepository.create(Path.of(dataDir)));

        TargetResolver targetResolver = new TargetResolver(context);
        registry.bind("targetResolver", targetResolver);
        TargetDeliveries deliveries = new TargetDeliveries(context, broker, stagingQueue, deliveryPrefix,
                Path.of(dataDir).resolve("targets.properties"));
        registry.bind("targetDeliveries", deliveries);
        registry.bind("targetIds", new TargetIds(deliveries));
        BusSettings bus = new BusSettings(busUrl, busUser, busPassword, busLocalPrefix, busRetryInterval,
                busMaxRetryInterval, busCheckTimeout);
        if (bus.enabled()) {
            broker.keepFromReaders(busLocalPrefix + "#");
            BusForwarding forwarding = new BusForwarding(broker, bus);
            // Added after the broker, so stopped before it.
            context.addService(forwarding, true, true);
            forwarding.start();
            registry.bind("busForwarding", forwarding);
            deliveries.forwardJmsTargetsTo(forwarding);
            HealthCheckRegistry.get(context).register(new BusHealthCheck(forwarding));
        }
        registry.bind("deliveryAttempt", new DeliveryAttempt());

        WebhookHttpEngine engine = new WebhookHttpEngine(httpHost, httpPort, httpEventLoops, maxBodyBytes, maxInFlight,
                requestTimeoutMs, retryAfterSeconds, new ConnectionLimits(receiveTimeoutMs, idleTimeoutMs, maxBufferedBytes, maxConnectionsPerAddress,
                        maxPendingConnections, h2c,
                        AddressRanges.parse(trustedProxies)));
        context.addService(engine, true, true);
        context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(engine));

        ManagementAccess managementAccess = new ManagementAccess(managementToken);
        registry.bind("managementAccess", managementAccess);

        HealthCheckRegistry.get(context).register(new BrokerHealthCheck(broker, stagingQueue));
        HealthCheckRegistry.get(context).register(new WebhookPortHealthCheck(engine));

        // Once every YAML route runs: the delivery routes of every known target (the dispatch route waits for them
        // before it copies a staged backlog), then the HTTP port, so Vonage never gets a 404 from a starting bridge.
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // As soon as the management server runs, before the routes start: details never leak meanwhile.
                managementAccess.guard(ctx);
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                deliveries.start(configuredTargets(targetResolver));
                engine.listen();
            }
        });
    }

    private static List<String> configuredTargets(TargetResolver resolver) {
        List<String> targets = new ArrayList<>();
        targets.add(resolver.targets(EventHeaders.KIND_INBOUND_MESSAGE, null, null));
        targets.add(resolver.targets(EventHeaders.KIND_MESSAGE_STATUS, null, null));
        for (Map.Entry<String, String> env : System.getenv().entrySet()) {
            if (env.getKey().startsWith("BRIDGE_TARGET_") && !env.getValue().isBlank()) {
                targets.add(env.getValue());
            }
        }
        return targets;
    }
}
