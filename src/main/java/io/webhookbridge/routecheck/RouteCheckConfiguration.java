package io.webhookbridge.routecheck;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.webhookbridge.admin.DeliveryMeters;
import io.webhookbridge.dispatch.DeliveryAttempt;
import io.webhookbridge.dispatch.TargetResolver;
import io.webhookbridge.httptarget.HttpTargetCredentials;
import io.webhookbridge.ingress.ConnectionLimits;
import io.webhookbridge.ingress.ErrorReply;
import io.webhookbridge.ingress.WebhookHttpComponent;
import io.webhookbridge.ingress.WebhookHttpEngine;
import io.webhookbridge.observe.InvalidSignatures;
import io.webhookbridge.ordering.MessageOrder;
import io.webhookbridge.ordering.StaleStatusFilter;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsClassifier;
import io.webhookbridge.sms.SmsReassembly;
import io.webhookbridge.sms.SmsSignatureMethod;
import io.webhookbridge.sms.SmsSignatureVerifier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.Registry;

/**
 * The beans the routes call, under the names the bridge's configurations bind them, for the configurations the route
 * check does not run: those that need the broker, a port or the data directory (broker, staging, dispatch, ingress,
 * SMS), and the account's secrets (signature). Real where that costs none of these ({@code targetResolver},
 * {@code deliveryAttempt}, {@code errorReply}, the SMS classifier and reassembly), {@link NeedsBroker} otherwise; the
 * real {@code webhook-http:} component, so that its options are checked, on a server that never starts; camel-jms on
 * a connection factory that never connects. Runs first: the Messages API configuration finds its secrets here.
 */
public class RouteCheckConfiguration implements CamelConfiguration {

    @PropertyInject("vonage.signature.method")
    private String smsSignatureMethod;
    @PropertyInject("bridge.sms.signature-max-age")
    private long smsSignatureMaxAge;
    @PropertyInject("bridge.signature.max-future")
    private long signatureMaxFuture;

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        // A secret of the check's own, which it signs the sample payloads with: the account's are never needed or read
        // (environment variables would win over any property the check set).
        SignatureSecrets secrets = new SignatureSecrets("check-routes-" + UUID.randomUUID(), "");
        registry.bind("signatureSecrets", secrets);
        // Every sample is signed, so the settings for unsigned SMS do not apply.
        Clock clock = Clock.systemUTC();
        registry.bind("smsClassifier", new SmsClassifier(new SmsSignatureVerifier(secrets,
                SmsSignatureMethod.fromConfig(smsSignatureMethod), smsSignatureMaxAge, signatureMaxFuture, true, clock), clock));
        registry.bind("smsReassembly", new SmsReassembly());
        // In memory: the bridge's parts store is a file in the data directory, which the running bridge holds.
        registry.bind("smsPartsRepository", new MemoryAggregationRepository());

        registry.bind("targetResolver", new TargetResolver(context));
        registry.bind("deliveryAttempt", new DeliveryAttempt());
        registry.bind("httpTargetCredentials", HttpTargetCredentials.none());
        registry.bind("deliveryMeters", new DeliveryMeters(new SimpleMeterRegistry()));
        registry.bind("errorReply", new ErrorReply());
        registry.bind("staleStatusFilter", new StaleStatusFilter(false, 1, Duration.ofHours(1), new SimpleMeterRegistry(), clock));
        registry.bind("messageOrder", new MessageOrder(1, 1000, new SimpleMeterRegistry(), clock, (queue, place) -> true));
        registry.bind("invalidSignatures", new InvalidSignatures());
        for (String name : new String[] {"eventStager", "rejectedEventStager", "targetIds", "targetDeliveries",
                "deliveryPacing"}) {
            registry.bind(name, new NeedsBroker(name));
        }

        // Never started, so it opens nothing; the limits are placeholders for the same reason.
        WebhookHttpEngine neverStarted = new WebhookHttpEngine("127.0.0.1", 0, 1, 1, 1, 1, 1,
                new ConnectionLimits(1, 1, 1, 1, 1, false, null));
        context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(neverStarted));
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(new NoBrokerConnectionFactory());
    }
}
