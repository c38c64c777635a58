package io.webhookbridge.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

/**
 * Generates unique Vonage webhooks with a realistic mix, signed at run time the way Vonage signs them:
 * <ul>
 * <li>Messages API v1 inbound messages and message statuses (90 %), across channels, message types and statuses, each
 * with its own message_uuid: HS256 JWT with iat, jti, iss=Vonage, payload_hash (SHA-256 hex of the exact body bytes)
 * and api_key;</li>
 * <li>SMS API inbound SMS and delivery receipts (10 %), each with its own messageId, as POST JSON (one of the account's
 * webhook formats) with a {@code sig} by the account's default method, md5hash: MD5 of the sorted
 * {@code &name=value} string followed by the secret.</li>
 * </ul>
 */
public final class Webhooks {

    public static final String INBOUND_PATH = "/webhooks/inbound-message";
    public static final String STATUS_PATH = "/webhooks/message-status";
    public static final String INBOUND_SMS_PATH = "/webhooks/inbound-sms";
    public static final String RECEIPT_PATH = "/webhooks/delivery-receipt";
    public static final String[] PATHS = {INBOUND_PATH, STATUS_PATH, INBOUND_SMS_PATH, RECEIPT_PATH};
    static final String API_KEY = "bench-api-key";

    /** One signed webhook: its target-side identity ({@link #key}), and no authorization for SMS API webhooks. */
    public record Webhook(String path, String key, byte[] body, String authorization) {

        /** Messages API: kind, message_uuid and status ({@code status} null for an inbound message). */
        public static String key(String uuid, String status) {
            return status == null || status.isEmpty() ? "in:" + uuid : "st:" + uuid + ":" + status;
        }

        /** SMS API: inbound SMS by messageId; delivery receipt by messageId, status and err-code. */
        public static String smsKey(String messageId, String status, String errCode) {
            return status == null || status.isEmpty() ? "sms:" + messageId : "dlr:" + messageId + ":" + status + ":" + errCode;
        }
    }

    private static final String[][] INBOUND_TYPES = {
        // channel, message types (weighted by repetition)
        {"sms", "text"},
        {"whatsapp", "text", "text", "text", "image", "location", "reply", "button", "reaction", "order", "audio"},
        {"messenger", "text", "text", "image"},
        {"viber_service", "text"},
        {"mms", "image", "text", "video", "content"},
        {"rcs", "text", "text", "image", "reply", "location"},
    };
    // channel weights for inbound: sms 30, whatsapp 35, messenger 10, viber 8, mms 7, rcs 10
    private static final int[] INBOUND_CHANNEL_WEIGHTS = {30, 35, 10, 8, 7, 10};
    private static final String[] STATUS_CHANNELS = {"sms", "whatsapp", "messenger", "viber_service", "mms", "rcs"};
    private static final int[] STATUS_CHANNEL_WEIGHTS = {35, 35, 8, 7, 5, 10};
    private static final String[] STATUSES = {"submitted", "delivered", "read", "rejected", "undeliverable"};
    private static final int[] STATUS_WEIGHTS = {25, 37, 25, 8, 5};
    // SMS API delivery receipt statuses and their err-code.
    private static final String[][] RECEIPTS = {{"delivered", "0"}, {"accepted", "0"}, {"failed", "3"}, {"expired", "5"}};
    private static final int[] RECEIPT_WEIGHTS = {80, 10, 7, 3};

    private final String secret;
    private final Algorithm algorithm;
    private final SplittableRandom random;
    private final MessageDigest sha256;
    private final MessageDigest md5;

    public Webhooks(String secret, long seed) {
        this.secret = secret;
        this.algorithm = Algorithm.HMAC256(secret);
        this.random = new SplittableRandom(seed);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code n} fresh webhooks: about 36 % inbound messages and 54 % statuses (Messages API), 4 % inbound SMS and
     * 6 % delivery receipts (SMS API).
     */
    public List<Webhook> generate(int n) {
        List<Webhook> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(next());
        }
        return list;
    }

    public Webhook next() {
        UUID u = new UUID(random.nextLong(), random.nextLong());
        String uuid = u.toString();
        String ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        int kind = random.nextInt(100);
        if (kind >= 90) {
            return kind < 94 ? inboundSms() : receipt();
        }
        if (kind < 36) {
            String[] row = INBOUND_TYPES[pick(INBOUND_CHANNEL_WEIGHTS)];
            String channel = row[0];
            String type = row[1 + random.nextInt(row.length - 1)];
            return sign(INBOUND_PATH, uuid, null, inbound(channel, type, uuid, ts));
        }
        String channel = STATUS_CHANNELS[pick(STATUS_CHANNEL_WEIGHTS)];
        String status = STATUSES[pick(STATUS_WEIGHTS)];
        if ("read".equals(status) && ("sms".equals(channel) || "mms".equals(channel))) {
            status = "delivered"; // no read receipts on SMS/MMS
        }
        return sign(STATUS_PATH, uuid, status, status(channel, status, uuid, ts));
    }

    private int pick(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private String phone() {
        return (random.nextBoolean() ? "4477009" : "4917012") + String.format("%05d", random.nextInt(100000));
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String inbound(String channel, String type, String uuid, String ts) {
        String to;
        String from;
        switch (channel) {
            case "messenger" -> {
                to = "104729384756123";
                from = String.valueOf(6_000_000_000_000_000L + random.nextLong(1_000_000_000_000_000L));
            }
            case "viber_service" -> {
                to = "16273";
                from = "38067" + String.format("%07d", random.nextInt(10_000_000));
            }
            case "rcs" -> {
                to = "AcmeRCS";
                from = phone();
            }
            default -> {
                to = "447700900777";
                from = phone();
            }
        }
        StringBuilder b = new StringBuilder(512);
        b.append("{\"channel\":\"").append(channel).append("\",\"message_uuid\":\"").append(uuid)
                .append("\",\"to\":\"").append(to).append("\",\"from\":\"").append(from)
                .append("\",\"timestamp\":\"").append(ts).append("\",\"message_type\":\"").append(type).append('"');
        String media = "https://api-eu.nexmo.com/v3/media/" + uuid();
        switch (type) {
            case "text" -> b.append(",\"text\":\"Is my parcel #").append(random.nextInt(100000))
                    .append(" on its way? Merci — ça arrive demain?\"");
            case "image" -> b.append(",\"image\":{\"url\":\"").append(media).append("\",\"caption\":\"Dented box on arrival\"}");
            case "audio" -> b.append(",\"audio\":{\"url\":\"").append(media).append("\"}");
            case "video" -> b.append(",\"video\":{\"url\":\"").append(media).append("\",\"caption\":\"unboxing\"}");
            case "location" -> b.append(",\"location\":{\"lat\":").append(51.5 + random.nextDouble() / 10)
                    .append(",\"long\":").append(-0.12 + random.nextDouble() / 10).append(",\"name\":\"Depot\",\"address\":\"1 High St\"}");
            case "reply" -> b.append(",\"reply\":{\"id\":\"slot-0930\",\"title\":\"09:30\",\"description\":\"Morning slot\"}");
            case "button" -> b.append(",\"button\":{\"text\":\"Yes\",\"payload\":\"confirm-").append(random.nextInt(1000)).append("\"}");
            case "reaction" -> b.append(",\"reaction\":{\"action\":\"react\",\"emoji\":\"\uD83D\uDC4D\"}");
            case "order" -> b.append(",\"order\":{\"catalog_id\":\"1267260820787549\",\"product_items\":[{\"product_retailer_id\":\"r07qei73l7\",\"quantity\":\"1\",\"item_price\":\"12.50\",\"currency\":\"EUR\"}]}");
            case "content" -> b.append(",\"content\":[{\"type\":\"image\",\"url\":\"").append(media)
                    .append("\"},{\"type\":\"text\",\"text\":\"see photo\"}]");
            default -> b.append(",\"text\":\"hi\"");
        }
        switch (channel) {
            case "sms" -> b.append(",\"context_status\":\"none\",\"usage\":{\"currency\":\"EUR\",\"price\":\"0.0057\"},")
                    .append("\"origin\":{\"network_code\":\"23420\"},\"sms\":{\"num_messages\":\"1\",\"count_total\":\"1\"}");
            case "whatsapp" -> b.append(",\"profile\":{\"name\":\"Lena K.\"},\"context_status\":\"available\",\"context\":{\"message_uuid\":\"")
                    .append(uuid()).append("\",\"message_from\":\"447700900777\"}");
            case "mms" -> b.append(",\"origin\":{\"network_code\":\"310260\"}");
            default -> { }
        }
        return b.append('}').toString();
    }

    private String status(String channel, String status, String uuid, String ts) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"message_uuid\":\"").append(uuid).append("\",\"to\":\"").append(phone())
                .append("\",\"from\":\"AcmeShop\",\"timestamp\":\"").append(ts).append("\",\"status\":\"").append(status)
                .append("\",\"channel\":\"").append(channel).append("\",\"client_ref\":\"order-").append(random.nextInt(100000)).append('"');
        boolean smsLike = "sms".equals(channel) || "mms".equals(channel);
        if ((smsLike && "submitted".equals(status)) || (!smsLike && "delivered".equals(status))) {
            b.append(",\"usage\":{\"currency\":\"EUR\",\"price\":\"0.0842\"}");
        }
        if ("sms".equals(channel)) {
            b.append(",\"destination\":{\"network_code\":\"23410\"},\"sms\":{\"count_total\":\"2\"}");
        }
        if ("whatsapp".equals(channel) && !"rejected".equals(status)) {
            b.append(",\"whatsapp\":{\"conversation\":{\"id\":\"7f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c\",\"origin\":{\"type\":\"utility\"}},")
                    .append("\"pricing\":{\"pricing_model\":\"PMP\",\"category\":\"utility\"}}");
        }
        if ("rejected".equals(status)) {
            b.append(",\"error\":{\"type\":\"https://developer.vonage.com/api-errors/messages#1020\",\"title\":1020,")
                    .append("\"detail\":\"Invalid params - The value of one or more parameters is invalid.\",\"instance\":\"")
                    .append(uuid()).append("\"}");
        } else if ("undeliverable".equals(status)) {
            b.append(",\"error\":{\"type\":\"https://developer.vonage.com/api-errors/messages#1100\",\"title\":\"1100\",")
                    .append("\"detail\":\"Communication Failed\",\"instance\":\"").append(uuid()).append("\"}");
        }
        return b.append('}').toString();
    }

    private Webhook inboundSms() {
        String messageId = smsMessageId();
        TreeMap<String, String> p = new TreeMap<>();
        p.put("msisdn", phone());
        p.put("to", "447700900456");
        p.put("messageId", messageId);
        p.put("text", random.nextBoolean() ? "Is my parcel on its way?" : "STOP & unsubscribe = yes");
        p.put("type", "text");
        p.put("keyword", "IS");
        p.put("api-key", API_KEY);
        p.put("message-timestamp", smsTime());
        return signSms(INBOUND_SMS_PATH, Webhook.smsKey(messageId, null, null), p);
    }

    private Webhook receipt() {
        String messageId = smsMessageId();
        String[] r = RECEIPTS[pick(RECEIPT_WEIGHTS)];
        TreeMap<String, String> p = new TreeMap<>();
        p.put("msisdn", phone());
        p.put("to", "AcmeShop");
        p.put("network-code", "23415");
        p.put("messageId", messageId);
        p.put("price", "0.04210000");
        p.put("status", r[0]);
        p.put("scts", "2611271214");
        p.put("err-code", r[1]);
        p.put("api-key", API_KEY);
        p.put("message-timestamp", smsTime());
        return signSms(RECEIPT_PATH, Webhook.smsKey(messageId, r[0], r[1]), p);
    }

    private String smsMessageId() {
        return String.format("%016X", random.nextLong());
    }

    private static String smsTime() {
        return Instant.now().toString().substring(0, 19).replace('T', ' ');
    }

    /** SMS API signature, method md5hash: all parameters but sig, sorted by name, as &name=value, then the secret. */
    private Webhook signSms(String path, String key, TreeMap<String, String> params) {
        params.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        params.put("nonce", uuid());
        StringBuilder toSign = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) { // a TreeMap: in name order
            toSign.append('&').append(e.getKey()).append('=').append(e.getValue().replace('&', '_').replace('=', '_'));
        }
        String sig = HexFormat.of().formatHex(md5.digest((toSign + secret).getBytes(StandardCharsets.UTF_8)));
        StringBuilder json = new StringBuilder("{");
        params.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
        json.append("\"sig\":\"").append(sig).append("\"}");
        return new Webhook(path, key, json.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    private Webhook sign(String path, String uuid, String status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(sha256.digest(body));
        String token = JWT.create()
                .withIssuedAt(Instant.now())
                .withJWTId(UUID.randomUUID().toString())
                .withIssuer("Vonage")
                .withClaim("payload_hash", hash)
                .withClaim("api_key", API_KEY)
                .sign(algorithm);
        return new Webhook(path, Webhook.key(uuid, status), body, "Bearer " + token);
    }
}
