package io.webhookbridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the hostile corpus ({@code src/test/resources/hostile/*.http}, format in its README.md). Deterministic: the
 * same files every run, tokens included (fixed iat, fixed jti), so an expired token stays expired and the files are
 * reviewed as text. JDK only, so it also runs as a single source file:
 * {@code java src/test/java/io/webhookbridge/HostileCorpusGenerator.java}.
 */
public final class HostileCorpusGenerator {

    static final String SECRET = "TestSignatureSecret123";
    static final String MI = "/webhooks/inbound-message";
    static final String MS = "/webhooks/message-status";
    static final String SI = "/webhooks/inbound-sms";
    static final String SD = "/webhooks/delivery-receipt";
    static final String JSON = "Content-Type: application/json\n";
    static final String FORM = "Content-Type: application/x-www-form-urlencoded\n";

    /** Shared spec 1.8: the Messages test vector (genuine, signed with the test secret, iat 2025-03-14). */
    static final String SPEC_BODY = "{\"channel\":\"sms\",\"message_uuid\":\"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\","
            + "\"to\":\"447700900456\",\"from\":\"447700900123\",\"timestamp\":\"2025-03-14T09:26:53Z\","
            + "\"message_type\":\"text\",\"text\":\"Hi there\"}";
    static final String SPEC_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NDE5NDQ0MTQsImp0aSI6IjBiN2UxZDRjLTUyYTktNGYxZS05YzNiLTdhOGQ2ZTVmNGMyMSIsImlzcyI6IlZvbmFnZSIsInBheWxvYWRfaGFzaCI6IjRjODU0YzdhYjRkYWZlOGE3MDVmMzEwZjYwOTQyMTMwZjNkNjc4NmJmYzJhYmY4MWQ4YTMxMjk3Yjg4MTc4YjkiLCJhcGlfa2V5IjoiYTFiMmMzZDQiLCJhcHBsaWNhdGlvbl9pZCI6IjExMTExMTExLTIyMjItNDMzMy04NDQ0LTU1NTU1NTU1NTU1NSJ9.Gg2zQNnF6BkVjdldmUd3P5CrEkBHE72TXwNNqV2yodA";
    static final String INBOUND_WA = "{\"channel\":\"whatsapp\",\"message_uuid\":\"7c1e9a55-0d4b-4f2e-a6c3-1b8d2e4f6a70\","
            + "\"to\":\"447700900777\",\"from\":\"491701234567\",\"timestamp\":\"2025-06-02T08:16:05.412Z\","
            + "\"message_type\":\"text\",\"text\":\"Yes, tomorrow 10:00 works\"}";
    static final String STATUS_WA = "{\"message_uuid\":\"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6\",\"to\":\"491701234567\","
            + "\"from\":\"447700900777\",\"timestamp\":\"2025-06-02T11:02:45Z\",\"status\":\"delivered\",\"channel\":\"whatsapp\"}";
    /** Shared spec 2.5: the signed inbound SMS (md5hash, timestamp 2025-03-14), without and with its sig. */
    static final String SPEC_SMS = "msisdn=447700900123&to=447700900456&messageId=1A00000012345678&text=Hi%20%26%20welcome%3Dyes"
            + "&type=text&keyword=HI&api-key=a1b2c3d4&message-timestamp=2025-03-14%2009%3A26%3A53&timestamp=1741944413"
            + "&nonce=3f1c9a52-7d2e-4b8f-9a61-0c5e2d7b4a11";
    static final String SPEC_SIG = "e80ee3c006fe6c25b97efa3a9a1757b9";
    static final String DLR_GET = "msisdn=447700900321&to=447700900456&network-code=23430&messageId=1B000000AAAA0002"
            + "&price=0.03330000&status=accepted&scts=2506021215&err-code=0&api-key=a1b2c3d4"
            + "&message-timestamp=2025-06-02%2012%3A15%3A03";
    static final String SMS_FORM = "msisdn=33612345678&to=447700900456&messageId=1A0000001234ABCD"
            + "&text=second%20part%20of%20the%20text&type=text&keyword=SECOND&api-key=a1b2c3d4"
            + "&message-timestamp=2025-06-02%2012%3A00%3A07&concat=true&concat-ref=74&concat-total=3&concat-part=2";
    static final String DLR_JSON = "{\"msisdn\":\"447700900321\",\"to\":\"AcmeShop\",\"network-code\":\"23415\","
            + "\"messageId\":\"1B000000AAAA0001\",\"price\":\"0.04210000\",\"status\":\"failed\",\"scts\":\"2506021214\","
            + "\"err-code\":\"3\",\"api-key\":\"a1b2c3d4\",\"message-timestamp\":\"2025-06-02 12:14:52\"}";
    static final String SMS_JSON = "{\"msisdn\":\"447700900123\",\"to\":\"447700900456\",\"messageId\":\"1A0000005555EEEE\","
            + "\"text\":\"Bonjour\",\"type\":\"text\",\"keyword\":\"BONJOUR\",\"api-key\":\"a1b2c3d4\","
            + "\"message-timestamp\":\"2025-06-02 12:05:40\"}";

    private final Path dir;
    private int count;

    HostileCorpusGenerator(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/hostile");
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (p.toString().endsWith(".http")) {
                    Files.delete(p);
                }
            }
        }
        HostileCorpusGenerator g = new HostileCorpusGenerator(dir);
        g.messages();
        g.sms();
        g.headers();
        g.http();
        System.out.println("wrote " + g.count + " files to " + dir);
    }

    // ---------------------------------------------------------------------------------------------------------

    void messages() throws Exception {
        String hash = sha256Hex(INBOUND_WA);
        String claims = claims(1741944414L, hash, "a1b2c3d4");
        long future = 4102444800L; // 2100-01-01
        String hs256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

        file("msg-inbound-unsigned", "503 unsigned", "a real-looking inbound message without Authorization",
                "POST " + MI, JSON, INBOUND_WA);
        file("msg-status-unsigned", "503 unsigned", "a real-looking status without Authorization",
                "POST " + MS, JSON, STATUS_WA);
        file("msg-inbound-unsigned-garbage", "503 unsigned", "binary garbage, no Authorization",
                "POST " + MI, "Content-Type: application/octet-stream\n#! escapes\n", "\\x00\\xff\\xfe{{{\\x80garbage\\x01");
        file("msg-status-unsigned-empty", "503 unsigned", "no body and no Authorization", "POST " + MS, "", "");
        file("msg-empty-authorization", "503 unsigned", "an empty Authorization header counts as none",
                "POST " + MI, JSON + "Authorization: \n", INBOUND_WA);
        file("msg-bearer-garbage", "401 invalid_signature", "Bearer with three dot-separated garbage parts",
                "POST " + MI, JSON + "Authorization: Bearer not.a.jwt\n", INBOUND_WA);
        file("msg-bearer-no-token", "401 invalid_signature", "the scheme alone",
                "POST " + MS, JSON + "Authorization: Bearer\n", STATUS_WA);
        file("msg-basic-auth", "401 invalid_signature", "Basic credentials instead of a token",
                "POST " + MI, JSON + "Authorization: Basic dXNlcjpwYXNz\n", INBOUND_WA);
        file("msg-alg-none", "401 invalid_signature", "alg none with an empty signature (the classic JWT bypass)",
                "POST " + MI, JSON + "Authorization: Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                        + b64(claims(1741944414L, hash, "a1b2c3d4")) + ".\n", INBOUND_WA);
        file("msg-alg-rs256", "401 invalid_signature", "an RS256 header with a made-up signature",
                "POST " + MI, JSON + "Authorization: Bearer " + b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "."
                        + b64(claims) + "." + b64("not an RSA signature") + "\n", INBOUND_WA);
        file("msg-alg-hs512", "401 invalid_signature", "HS512, even with the right secret: only HS256 is accepted",
                "POST " + MI, JSON + "Authorization: Bearer " + token("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims, SECRET, "HmacSHA512") + "\n",
                INBOUND_WA);
        file("msg-wrong-secret", "401 invalid_signature", "a well-formed token signed with a secret that is not ours",
                "POST " + MI, JSON + "Authorization: Bearer " + token(hs256, claims, "NotTheSecret", "HmacSHA256") + "\n", INBOUND_WA);
        file("msg-status-wrong-secret", "401 invalid_signature", "same, on the status path",
                "POST " + MS, JSON + "Authorization: Bearer " + token(hs256, claims(1741944414L, sha256Hex(STATUS_WA), "a1b2c3d4"),
                        "NotTheSecret", "HmacSHA256") + "\n", STATUS_WA);
        file("msg-unknown-api-key", "401 invalid_signature", "an api_key the bridge has no secret for, signed with a guess",
                "POST " + MI, JSON + "Authorization: Bearer " + token(hs256, claims(1741944414L, hash, "zz999999"), "guess", "HmacSHA256") + "\n",
                INBOUND_WA);
        file("msg-expired-iat", "401 invalid_signature", "the shared spec's genuine token and body (section 1.8), replayed: iat 2025-03-14 is past the 24 h window",
                "POST " + MI, JSON + "Authorization: Bearer " + SPEC_TOKEN + "\n", SPEC_BODY);
        file("msg-future-iat", "401 invalid_signature", "a genuine signature with iat 2100-01-01",
                "POST " + MI, JSON + "Authorization: Bearer " + token(hs256, claims(future, hash, "a1b2c3d4"), SECRET, "HmacSHA256") + "\n",
                INBOUND_WA);
        file("msg-payload-hash-other-body", "401 invalid_signature", "a fresh genuine token captured for the body {} (placeholder, see README) sent with another body",
                "POST " + MI, JSON + "Authorization: Bearer {{fresh-token payload_hash=" + sha256Hex("{}") + "}}\n", INBOUND_WA);
        file("msg-huge-token", "401 invalid_signature", "a 6,000-character token of base64url garbage",
                "POST " + MI, JSON + "Authorization: Bearer " + "A".repeat(2000) + "." + "B".repeat(2000) + "." + "C".repeat(2000) + "\n",
                INBOUND_WA);
        file("msg-token-in-query", "503 unsigned", "the token in the query string instead of the header: not looked at",
                "POST " + MI + "?token=" + SPEC_TOKEN + "&access_token=" + SPEC_TOKEN, JSON, SPEC_BODY);
    }

    void sms() throws Exception {
        String many = IntStream.range(0, 101).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"));
        String manyJson = IntStream.range(0, 101).mapToObj(i -> "\"p" + i + "\":\"" + i + "\"").collect(Collectors.joining(",", "{", "}"));
        String now = "1741944413";

        file("sms-inbound-get-unsigned", "503 unsigned", "the spec's inbound SMS as a GET, without sig",
                "GET " + SI + "?" + SPEC_SMS, "", "");
        file("sms-receipt-get-unsigned", "503 unsigned", "a delivery receipt as a GET, unsigned", "GET " + SD + "?" + DLR_GET, "", "");
        file("sms-inbound-form-unsigned", "503 unsigned", "a long-SMS part as a POST form, unsigned", "POST " + SI, FORM, SMS_FORM);
        file("sms-receipt-json-unsigned", "503 unsigned", "a failed receipt as POST JSON, unsigned", "POST " + SD, JSON, DLR_JSON);
        file("sms-inbound-get-empty", "503 unsigned", "no parameters at all (nothing to sign is still unsigned)", "GET " + SI, "", "");
        file("sms-inbound-json-garbage", "400 invalid_request", "binary garbage declared as JSON",
                "POST " + SI, JSON + "#! escapes\n", "\\x00\\xff{\\\"\\x80\\x81");
        file("sms-receipt-form-garbage", "400 invalid_request", "a form body of lone percent signs", "POST " + SD, FORM, "%%%=%&%");
        file("sms-text-plain", "400 invalid_request", "an unsupported content type", "POST " + SI,
                "Content-Type: text/plain\n", SMS_FORM);
        file("sms-no-content-type", "400 invalid_request", "a POST body without Content-Type", "POST " + SD, "", DLR_GET);
        file("sms-multipart", "400 invalid_request", "multipart/form-data is not one of Vonage's formats", "POST " + SI,
                "Content-Type: multipart/form-data; boundary=XyZ\n",
                "--XyZ\r\nContent-Disposition: form-data; name=\"msisdn\"\r\n\r\n447700900123\r\n--XyZ--");
        file("sms-get-bad-percent", "400 invalid_request", "%zz in the query", "GET " + SI + "?msisdn=%zz&messageId=1", "", "");
        file("sms-form-truncated-percent", "400 invalid_request", "a percent-escape cut short", "POST " + SD, FORM, "messageId=1&status=%4");
        file("sms-get-101-parameters", "400 invalid_request", "101 parameters (the bound is 100)", "GET " + SD + "?" + many, "", "");
        file("sms-form-101-parameters", "400 invalid_request", "101 parameters in a form", "POST " + SI, FORM, many);
        file("sms-json-101-parameters", "400 invalid_request", "101 parameters in JSON", "POST " + SD, JSON, manyJson);
        file("sms-json-array", "400 invalid_request", "a JSON array, not an object", "POST " + SI, JSON, "[" + SMS_JSON + "]");
        file("sms-json-nested", "400 invalid_request", "a nested object as a value", "POST " + SD, JSON,
                "{\"messageId\":\"1B000000AAAA0001\",\"status\":{\"$gt\":\"\"}}");
        file("sms-json-null", "400 invalid_request", "a null value", "POST " + SI, JSON, "{\"messageId\":null}");
        file("sms-json-empty-name", "400 invalid_request", "an empty parameter name in JSON", "POST " + SI, JSON, "{\"\":\"x\",\"messageId\":\"1\"}");
        file("sms-form-empty-name", "400 invalid_request", "an empty parameter name in a form", "POST " + SD, FORM, "=x&messageId=1");
        file("sms-form-invalid-utf8", "400 invalid_request", "a raw 0xFF byte in a form value", "POST " + SI, FORM + "#! escapes\n",
                "msisdn=1&text=\\xff\\xfe&messageId=2");
        file("sms-get-invalid-utf8", "400 invalid_request", "%FF (not UTF-8) in the query", "GET " + SI + "?messageId=1&text=%FF%FE", "", "");
        file("sms-json-invalid-utf8", "400 invalid_request", "a raw 0xFF byte inside a JSON string", "POST " + SD, JSON + "#! escapes\n",
                "{\"messageId\":\"\\xff\\xfe\"}");
        file("sms-json-overlong-utf8", "400 invalid_request", "an overlong UTF-8 '/' (C0 AF) inside a JSON string: not UTF-8",
                "POST " + SI, JSON + "#! escapes\n", "{\"messageId\":\"1\",\"text\":\"..\\xc0\\xaf..\\xc0\\xafetc\"}");
        file("sms-json-ff-byte-name", "400 invalid_request", "a name with a raw 0xFF byte, which Jackson's name cache reads as 'status' (not UTF-8)",
                "POST " + SD, JSON + "#! escapes\n", "{\"messageId\":\"1B000000AAAA0001\",\"status\":\"failed\",\"stat\\xffus\":\"delivered\"}");
        file("sms-duplicate-names-unsigned", "503 unsigned", "every name twice (the first wins); still unsigned",
                "GET " + SD + "?messageId=1&messageId=2&status=delivered&status=failed&err-code=0&err-code=1", "", "");
        file("sms-duplicate-sig", "401 invalid_signature", "two sigs: the first (wrong) one counts, the second is not hex",
                "GET " + SD + "?" + DLR_GET + "&timestamp=" + now + "&sig=" + "0".repeat(32) + "&sig=zz", "", "");
        file("sms-sig-wrong", "401 invalid_signature", "a well-formed md5hash sig that does not match",
                "GET " + SI + "?" + SPEC_SMS + "&sig=" + "0123456789abcdef".repeat(2), "", "");
        file("sms-sig-not-hex", "401 invalid_signature", "a sig that is not hex", "POST " + SD, FORM, DLR_GET + "&timestamp=" + now + "&sig=not-hex!");
        file("sms-sig-too-long", "401 invalid_signature", "a 300-character hex sig (longest real one: 128)",
                "POST " + SI, FORM, SMS_FORM + "&timestamp=" + now + "&sig=" + "a".repeat(300));
        file("sms-sig-no-timestamp", "401 invalid_signature", "a sig without the timestamp it must cover",
                "GET " + SD + "?" + DLR_GET + "&sig=" + "a".repeat(32), "", "");
        file("sms-sig-stale-genuine", "401 invalid_signature", "the shared spec's genuine signed GET (md5hash, 2025-03-14), replayed: stale",
                "GET " + SI + "?" + SPEC_SMS + "&sig=" + SPEC_SIG, "", "");
        file("sms-sig-unknown-api-key", "401 invalid_signature", "an api-key we do not know, with a made-up sig",
                "GET " + SD + "?" + DLR_GET.replace("api-key=a1b2c3d4", "api-key=zz999999") + "&timestamp=" + now + "&sig=" + "b".repeat(64), "", "");
        file("sms-json-sig-wrong", "401 invalid_signature", "POST JSON with a sig that does not match", "POST " + SD, JSON,
                DLR_JSON.substring(0, DLR_JSON.length() - 1) + ",\"timestamp\":\"" + now + "\",\"nonce\":\"n\",\"sig\":\"" + "C".repeat(64) + "\"}");
        file("sms-receipt-status-3000-get", "503 unsigned", "an unsigned receipt whose status is 3,000 characters (a GET request line is limited to 4 KiB)",
                "GET " + SD + "?messageId=1B000000AAAA0009&err-code=0&status=" + "x".repeat(5000).substring(0, 3000), "", "");
        file("sms-receipt-status-5000-json", "503 unsigned", "the same as JSON, the full 5,000 characters",
                "POST " + SD, JSON, "{\"messageId\":\"1B000000AAAA0009\",\"err-code\":\"0\",\"status\":\"" + "x".repeat(5000) + "\"}");
        file("sms-concat-9999-unsigned", "503 unsigned", "an unsigned long-SMS part claiming 9,999 parts",
                "POST " + SI, FORM, SMS_FORM.replace("concat-total=3", "concat-total=9999"));
        file("sms-message-id-concat-123", "503 unsigned", "messageId=concat-123, a name the bridge's own keys might use",
                "GET " + SI + "?msisdn=447700900123&to=447700900456&messageId=concat-123&text=x&type=text", "", "");
        file("sms-sig-in-query-of-form-post", "503 unsigned", "a POST form whose sig is only in the query: the query of a POST is ignored",
                "POST " + SI + "?sig=" + SPEC_SIG + "&timestamp=" + now, FORM, SMS_FORM);
    }

    void headers() throws Exception {
        file("hdr-x-forwarded-for", "503 unsigned", "X-Forwarded-For / Forwarded from an untrusted peer change nothing",
                "POST " + MI, JSON + "X-Forwarded-For: 10.0.0.1, 127.0.0.1\nForwarded: for=10.0.0.1\nX-Real-IP: 10.0.0.1\n", INBOUND_WA);
        file("hdr-camel-headers", "503 unsigned", "Camel and bridge headers that would steer endpoints if they became exchange headers",
                "POST " + MI, JSON + "CamelHttpUri: http://127.0.0.1:1/evil\nCamelHttpPath: /evil\nCamelHttpResponseCode: 200\n"
                        + "CamelFileName: ../../../../tmp/evil.json\nCamelJmsDestinationName: evil\nCamelHttpMethod: GET\n"
                        + "bridgeTargets: file:/tmp/evil\nbridgeDedupeKey: x\nvonageKind: message-status\n", INBOUND_WA);
        file("hdr-jms-headers", "503 unsigned", "JMS and Artemis property names as headers",
                "POST " + MS, JSON + "JMSDestination: queue://evil\nJMSReplyTo: queue://evil\n_AMQ_DUPL_ID: x\n_AMQ_ROUTE_TO: evil\n"
                        + "JMSXGroupID: g\n", STATUS_WA);
        file("hdr-camel-on-sms", "503 unsigned", "CamelHttpQuery/Method headers trying to smuggle a signed query into an unsigned GET",
                "GET " + SD + "?" + DLR_GET, "CamelHttpQuery: " + SPEC_SMS + "&sig=" + SPEC_SIG + "\nCamelHttpMethod: POST\n"
                        + "Content-Type: application/json\nCamelFileName: ../evil\n", "");
        file("hdr-authorization-on-sms", "503 unsigned", "a Messages token on an SMS webhook is not an SMS signature",
                "GET " + SI + "?" + SPEC_SMS, "Authorization: Bearer " + SPEC_TOKEN + "\n", "");
        file("hdr-two-authorizations", "401 invalid_signature", "two Authorization headers, both forged",
                "POST " + MI, JSON + "Authorization: Bearer a.b.c\nAuthorization: Bearer d.e.f\n", INBOUND_WA);
    }

    void http() throws Exception {
        file("size-declared-oversize", "413", "Content-Length of 300,000 (limit 262,144); refused before the body is read",
                "POST " + MI, JSON + "Content-Length: 300000\n", "{\"pad\":\"");
        file("size-declared-one-over", "413", "Content-Length of exactly the limit + 1",
                "POST " + SI, FORM + "Content-Length: 262145\n", "msisdn=1");
        file("size-chunked-oversize", "413", "a chunked body that grows past the limit (no length declared)",
                "POST " + MS, JSON + "#! chunked 8192\n#! repeat 40000\n", "{\"pad\":1}");
        file("size-chunked-oversize-sms", "413", "the same on an SMS path, as a form",
                "POST " + SD, FORM + "#! chunked 16384\n#! repeat 30000\n", "aaaaaaaaa&");
        file("method-get-inbound-message", "405", "GET on a POST-only path", "GET " + MI, "", "");
        file("method-put-message-status", "405", "PUT", "PUT " + MS, JSON, STATUS_WA);
        file("method-delete-inbound-sms", "405", "DELETE on an SMS path (GET and POST only)", "DELETE " + SI + "?" + SPEC_SMS, "", "");
        file("method-put-delivery-receipt", "405", "PUT with a form", "PUT " + SD, FORM, DLR_GET);
        file("method-options", "405", "OPTIONS (no CORS pre-flight here)", "OPTIONS " + MI, "Origin: http://evil.example\n", "");
        file("method-trace", "405", "TRACE must not echo the request", "TRACE " + SI, "", "");
        file("path-unknown", "404", "a path the bridge does not serve", "POST /webhooks/other", JSON, INBOUND_WA);
        file("path-root", "404", "the root", "GET /", "", "");
        file("path-health-on-webhook-port", "404", "health and management are not on the webhook port", "GET /observe/health", "", "");
        file("path-traversal", "404", "dot segments are not resolved into a webhook path", "POST /webhooks/../webhooks/inbound-message", JSON, INBOUND_WA);
        file("path-traversal-encoded", "404", "percent-encoded dot segments", "GET /webhooks/%2e%2e/webhooks/inbound-sms?" + DLR_GET, "", "");
        file("path-traversal-etc-passwd", "404", "traversal below a webhook path", "GET /webhooks/inbound-sms/../../../../etc/passwd", "", "");
        file("path-upper-case", "404", "paths are case-sensitive", "POST /WEBHOOKS/INBOUND-MESSAGE", JSON, INBOUND_WA);
        file("path-double-slash", "404", "a doubled leading slash", "POST //webhooks/inbound-message", JSON, INBOUND_WA);
        file("path-nul", "404", "an encoded NUL after the path", "POST /webhooks/inbound-message%00", JSON, INBOUND_WA);
        file("path-trailing-slash", "503 unsigned", "a trailing slash is the same webhook: unsigned", "POST /webhooks/inbound-message/", JSON, INBOUND_WA);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** headers: "Name: value\n" lines, and "#! ..." directives, which go before the request line. */
    void file(String name, String expect, String why, String requestLine, String headers, String body) throws IOException {
        StringBuilder directives = new StringBuilder();
        StringBuilder headerLines = new StringBuilder();
        for (String line : headers.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            (line.startsWith("#!") ? directives : headerLines).append(line).append('\n');
        }
        String text = "# expect: " + expect + " \u2014 " + why + "\n" + directives + requestLine + "\n" + headerLines + "\n" + body + "\n";
        Files.writeString(dir.resolve(name + ".http"), text, StandardCharsets.UTF_8);
        count++;
    }

    static String claims(long iat, String payloadHash, String apiKey) {
        return "{\"iat\":" + iat + ",\"jti\":\"00000000-0000-4000-8000-000000000001\",\"iss\":\"Vonage\",\"payload_hash\":\""
                + payloadHash + "\",\"api_key\":\"" + apiKey + "\",\"application_id\":\"11111111-2222-4333-8444-555555555555\"}";
    }

    static String token(String header, String claims, String secret, String alg) throws Exception {
        String input = b64(header) + "." + b64(claims);
        Mac mac = Mac.getInstance(alg);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), alg));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
