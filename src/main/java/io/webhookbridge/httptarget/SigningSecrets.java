package io.webhookbridge.httptarget;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import io.webhookbridge.event.StrictUtf8;

/**
 * A target's Standard Webhooks signing secrets ({@code whsec_<base64>}): each signs every delivery, so that during a
 * rotation a consumer holding either the old or the new secret accepts it. The key material stays inside the
 * library's {@link Webhook} objects.
 */
final class SigningSecrets {

    /** The Standard Webhooks specification asks for 24 to 64 random bytes. */
    static final int MIN_KEY_BYTES = 24;
    private static final String PREFIX = "whsec_";

    private final List<Webhook> signers;

    private SigningSecrets(List<Webhook> signers) {
        this.signers = signers;
    }

    /** Comma- or space-separated secrets; {@code variable} names where they were set, for the error. */
    static SigningSecrets parse(String value, String target, String variable) {
        List<Webhook> signers = new ArrayList<>();
        for (String secret : value.trim().split("[,\\s]+")) {
            if (secret.isEmpty()) {
                continue;
            }
            byte[] key = decode(secret);
            if (key == null || key.length < MIN_KEY_BYTES) {
                throw new SettingError("target " + target + ": signing secret " + (signers.size() + 1) + " in " + variable
                        + " is not whsec_ followed by the base64 of at least " + MIN_KEY_BYTES + " random bytes");
            }
            try {
                signers.add(new Webhook(key));
            } catch (Exception e) {
                throw new SettingError("target " + target + ": signing secret " + (signers.size() + 1) + " in " + variable
                        + " cannot be used");
            }
        }
        if (signers.isEmpty()) {
            throw new SettingError("target " + target + ": " + variable + " is set but holds no secret");
        }
        return new SigningSecrets(List.copyOf(signers));
    }

    private static byte[] decode(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    int count() {
        return signers.size();
    }

    /**
     * The {@code webhook-signature} value for these exact body bytes: {@code v1,<sig>} per secret, space-separated. The
     * library signs a string as UTF-8, so the body is decoded strictly: only then do its bytes and the signed bytes agree.
     */
    String sign(String webhookId, long timestampSeconds, byte[] body) throws CharacterCodingException, WebhookSigningException {
        String payload = StrictUtf8.decode(body);
        StringBuilder signature = new StringBuilder();
        for (Webhook signer : signers) {
            if (signature.length() > 0) {
                signature.append(' ');
            }
            signature.append(signer.sign(webhookId, timestampSeconds, payload));
        }
        return signature.toString();
    }

    @Override
    public String toString() {
        return signers.size() + " signing secret(s) ******";
    }
}
