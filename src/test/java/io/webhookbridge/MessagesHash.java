package io.webhookbridge;

import java.security.MessageDigest;
import java.util.HexFormat;

/** payload_hash as Vonage computes it: SHA-256 of the raw body, lowercase hex. */
public final class MessagesHash {

    private MessagesHash() {
    }

    public static String of(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
