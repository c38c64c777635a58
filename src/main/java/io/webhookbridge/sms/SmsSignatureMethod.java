package io.webhookbridge.sms;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The account's SMS "signature method" setting. The names match Vonage's dashboard/config values;
 * note that {@code md5} means HMAC-MD5 while {@code md5hash} is the plain MD5 of string + secret.
 */
public enum SmsSignatureMethod {

    MD5HASH("md5hash", "MD5"),
    MD5("md5", "HmacMD5"),
    SHA1("sha1", "HmacSHA1"),
    SHA256("sha256", "HmacSHA256"),
    SHA512("sha512", "HmacSHA512");

    private final String configName;
    private final String jcaName;

    SmsSignatureMethod(String configName, String jcaName) {
        this.configName = configName;
        this.jcaName = jcaName;
    }

    public String configName() {
        return configName;
    }

    /** Parses {@code md5hash|md5|sha1|sha256|sha512}, case-insensitively. */
    public static SmsSignatureMethod fromConfig(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (SmsSignatureMethod m : values()) {
            if (m.configName.equals(v)) {
                return m;
            }
        }
        // The bad value is not echoed: a misplaced secret must not end up in a start-up log.
        throw new IllegalArgumentException("Unknown Vonage SMS signature method; allowed values: " + allowed()
                + " (md5hash = MD5 of string+secret, the Vonage default; md5/sha1/sha256/sha512 = HMAC)");
    }

    static String allowed() {
        return Arrays.stream(values()).map(m -> m.configName).collect(Collectors.joining(", "));
    }

    /** Lower-case hex signature of the string to sign; UTF-8 throughout. */
    public String sign(String stringToSign, String secret) {
        byte[] data = stringToSign.getBytes(StandardCharsets.UTF_8);
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest;
            if (this == MD5HASH) {
                MessageDigest md = MessageDigest.getInstance(jcaName);
                md.update(data);
                md.update(key);
                digest = md.digest();
            } else {
                Mac mac = Mac.getInstance(jcaName);
                mac.init(new SecretKeySpec(key, jcaName));
                digest = mac.doFinal(data);
            }
            return toHex(digest);
        } catch (GeneralSecurityException e) {
            // Every JRE ships these algorithms; reaching this is a broken runtime, not a bad request.
            throw new IllegalStateException(jcaName + " unavailable", e);
        }
    }

    private static String toHex(byte[] bytes) {
        char[] hex = "0123456789abcdef".toCharArray();
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = hex[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = hex[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
