package io.webhookbridge.sms;

import java.nio.file.Path;
import java.time.Clock;

import io.webhookbridge.signature.AddressRanges;
import io.webhookbridge.signature.SignatureSecrets;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS API beans the routes call: {@code smsClassifier} (with its signature verifier), {@code smsReassembly} and
 * {@code smsPartsRepository}.
 */
public class SmsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SmsConfiguration.class);

    @PropertyInject("vonage.signature.method")
    private String smsSignatureMethod;
    @PropertyInject("bridge.sms.signature-required")
    private boolean smsSignatureRequired;
    @PropertyInject("bridge.sms.signature-max-age")
    private long smsSignatureMaxAge;
    @PropertyInject("bridge.signature.max-future")
    private long signatureMaxFuture;
    @PropertyInject("bridge.sms.unsigned-sources")
    private String smsUnsignedSources;
    @PropertyInject("bridge.data.dir")
    private String dataDir;

    @Override
    public void configure(CamelContext context) throws Exception {
        SignatureSecrets secrets = CamelContextHelper.mandatoryLookup(context, "signatureSecrets", SignatureSecrets.class);
        Clock clock = Clock.systemUTC();
        SmsSignatureVerifier smsVerifier = new SmsSignatureVerifier(secrets, SmsSignatureMethod.fromConfig(smsSignatureMethod),
                smsSignatureMaxAge, signatureMaxFuture, smsSignatureRequired, clock);
        AddressRanges unsignedSources = AddressRanges.parse(smsUnsignedSources);
        if (!smsSignatureRequired) {
            LOG.warn("BRIDGE_SMS_SIGNATURE_REQUIRED=false: unsigned SMS webhooks are accepted from {}, marked "
                    + "vonageSignatureVerified=false with event ids unverified.*; anyone who reaches the webhook port "
                    + "from there can inject SMS events", unsignedSources.isEmpty() ? "any address" : unsignedSources);
        }
        context.getRegistry().bind("smsClassifier", new SmsClassifier(smsVerifier, unsignedSources, clock));
        context.getRegistry().bind("smsReassembly", new SmsReassembly());
        context.getRegistry().bind("smsPartsRepository", SmsPartsRepository.create(Path.of(dataDir)));
    }
}
