package io.webhookbridge.sms;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-side signer, written independently of the production code (TreeMap order, JCA directly, HexFormat),
 * so the tests do not just check the code against itself.
 */
final class SmsTestSigning {

    static final String SECRET = "TestSignatureSecret123";
    static final String[] METHODS = {"md5hash", "md5", "sha1", "sha256", "sha512"};

    private SmsTestSigning() {
    }

    /**
     * The string Vonage signs: every parameter but {@code sig} sorted by name, each as {@code &name=value} with '&' and
     * '=' in values replaced by '_'. Names here are ASCII, where TreeMap's order is code-point order.
     */
    static String stringToSign(Map<String, String> params, boolean skipEmpty) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("sig") || (skipEmpty && e.getValue().isEmpty())) {
                continue;
            }
            sb.append('&').append(e.getKey()).append('=')
                    .append(e.getValue().replace("&", "_").replace("=", "_"));
        }
        return sb.toString();
    }

    /** Upper-case hex for HMAC and lower-case for md5hash, as Vonage is observed to send them. */
    static String sign(String method, String stringToSign, String secret) throws Exception {
        byte[] data = stringToSign.getBytes(StandardCharsets.UTF_8);
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (method.equals("md5hash")) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest((stringToSign + secret).getBytes(StandardCharsets.UTF_8)));
        }
        String alg = "Hmac" + method.toUpperCase();
        Mac mac = Mac.getInstance(alg);
        mac.init(new SecretKeySpec(key, alg));
        return HexFormat.of().withUpperCase().formatHex(mac.doFinal(data));
    }

    /** A copy of params with {@code sig} appended. */
    static LinkedHashMap<String, String> signed(String method, Map<String, String> params, String secret,
                                                boolean skipEmpty) throws Exception {
        LinkedHashMap<String, String> out = new LinkedHashMap<>(params);
        out.put("sig", sign(method, stringToSign(params, skipEmpty), secret));
        return out;
    }

    static LinkedHashMap<String, String> signed(String method, Map<String, String> params) throws Exception {
        return signed(method, params, SECRET, false);
    }

    /** Form/query encoding; spaces as '+' (the form convention) unless percentSpaces. */
    static String encode(Map<String, String> params, boolean percentSpaces) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(enc(e.getKey(), percentSpaces)).append('=').append(enc(e.getValue(), percentSpaces));
        }
        return sb.toString();
    }

    private static String enc(String s, boolean percentSpaces) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return percentSpaces ? e.replace("+", "%20") : e;
    }
}
