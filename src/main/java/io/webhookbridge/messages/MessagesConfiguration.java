package io.webhookbridge.messages;

import java.time.Clock;

import io.webhookbridge.signature.SignatureSecrets;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

/** The Messages API beans the routes call: {@code messagesJwtVerifier} and {@code messagesClassifier}. */
public class MessagesConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.signature.max-age")
    private long signatureMaxAge;
    @PropertyInject("bridge.signature.max-future")
    private long signatureMaxFuture;

    @Override
    public void configure(CamelContext context) throws Exception {
        SignatureSecrets secrets = CamelContextHelper.mandatoryLookup(context, "signatureSecrets", SignatureSecrets.class);
        Clock clock = Clock.systemUTC();
        context.getRegistry().bind("messagesJwtVerifier",
                new MessagesJwtVerifier(secrets, signatureMaxAge, signatureMaxFuture, clock));
        context.getRegistry().bind("messagesClassifier", new MessagesClassifier(clock));
    }
}
