package io.webhookbridge.signature;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The account's signature secrets ({@code signatureSecrets}), shared by the Messages API and SMS verifiers. */
public class SignatureConfiguration implements CamelConfiguration {

    @PropertyInject("vonage.signature.secret")
    private String signatureSecret;
    @PropertyInject("vonage.signature.secrets")
    private String signatureSecretsByApiKey;

    @Override
    public void configure(CamelContext context) {
        context.getRegistry().bind("signatureSecrets", new SignatureSecrets(signatureSecret, signatureSecretsByApiKey));
    }
}
