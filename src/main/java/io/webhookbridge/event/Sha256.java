package io.webhookbridge.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the bridge's one hash: the Messages API's {@code payload_hash}, and ids that must not reveal what they are
 * made of (a long SMS's sender and receiver, a target URI's credentials).
 */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first {@code bytes} bytes of the SHA-256 of a text's UTF-8 encoding, in lower-case hex. */
    public static String hexPrefix(String text, int bytes) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }
}
