package io.webhookbridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.webhookbridge.broker.EmbeddedBroker;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays every request in {@code src/test/resources/hostile/} (format: its README.md) against a real bridge: each is
 * something an attacker without the signature secret can send. Each file is one test that checks the status (and the
 * error code and Retry-After where the file names them); then nothing of any of them may be stored on any queue of the
 * embedded broker or delivered to a target, and the bridge must still take a signed webhook.
 * <p>
 * Requests go over a raw socket: an HTTP client would normalise exactly what these files try (paths, methods, repeated
 * or odd headers, lying lengths).
 */
class HostileCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/hostile");
    static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(\\d{3})(?:\\s+([a-z_]+))?\\s*(?:\u2014|--|-)?.*");

    @TempDir
    static Path work;
    static BridgeRunner bridge;
    static Path inboundDir;
    static Path statusDir;
    static Map<String, Long> addedAtStart;

    @BeforeAll
    static void start() throws Exception {
        inboundDir = Files.createDirectories(work.resolve("inbound"));
        statusDir = Files.createDirectories(work.resolve("status"));
        bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "file:" + inboundDir)
                .property("bridge.target.status", "file:" + statusDir)
                .start();
        addedAtStart = messagesAdded();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
    }

    /**
     * One sequence, so that the last check cannot run before (or without) the corpus: each file, then what none of
     * them may have left behind.
     */
    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsItsStatusAndNoneIsStoredOrDelivered() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(p -> p.toString().endsWith(".http")).sorted().toList();
        }
        assertTrue(files.size() >= 40, "the corpus has only " + files.size() + " files");
        return Stream.concat(
                files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> replayAndCheck(f))),
                Stream.of(DynamicTest.dynamicTest("nothing was stored or delivered, and a signed webhook still goes through",
                        HostileCorpusTest::nothingStoredOrDeliveredAndASignedWebhookGoesThrough)));
    }

    static void nothingStoredOrDeliveredAndASignedWebhookGoesThrough() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String body = Samples.withUuid("inbound-whatsapp-text", uuid);
        assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
        Path expected = inboundDir.resolve("inbound-message-" + uuid + ".json");
        // The marker, sent last, goes through the same writes and delivery queue as anything accepted before it would
        // have: once it is delivered, every queue's count of messages ever added includes what came before it.
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(expected));
        assertEquals(body, Files.readString(expected));
        Map<String, Long> now = messagesAdded();
        Map<String, Long> touched = new LinkedHashMap<>();
        for (Map.Entry<String, Long> q : now.entrySet()) {
            long added = q.getValue() - addedAtStart.getOrDefault(q.getKey(), 0L);
            if (added != 0) {
                touched.put(q.getKey(), added);
            }
        }
        assertEquals(List.of(1L), List.copyOf(touched.values()), "queues that received more than the marker: " + touched);
        assertTrue(now.keySet().containsAll(List.of("bridge.staging", "bridge.dlq")), now.keySet().toString());
        // The marker's delivery is acknowledged just after its file is written.
        await().atMost(Duration.ofSeconds(10)).until(() -> queues().stream().allMatch(q -> q.getMessageCount() == 0));
        assertEquals(List.of(expected.getFileName().toString()), names(inboundDir), "only the signed event may be delivered");
        assertEquals(List.of(), names(statusDir), "nothing may be delivered as a status or receipt");
    }

    // ---------------------------------------------------------------------------------------------------------

    static void replayAndCheck(Path file) throws Exception {
        HostileRequest request = HostileRequest.parse(file);
        Response response = send(request);
        String name = file.getFileName().toString();
        assertEquals(request.expectedStatus, response.status,
                name + ": expected " + request.expectedStatus + ", got " + response.status + " " + response.bodySnippet());
        if (request.expectedError != null) {
            assertTrue(response.body.contains("\"error\":\"" + request.expectedError + "\""),
                    name + ": expected error " + request.expectedError + ", got " + response.bodySnippet());
        }
        if ("unsigned".equals(request.expectedError)) {
            assertTrue(response.headers.containsKey("retry-after"), name + ": a 503 for Vonage to retry needs Retry-After");
        }
        // An answer never quotes the request back (numbers, ids, tokens: the things that may be PII or secrets).
        for (String token : FuzzChecks.tokens(request.target + "\n" + new String(request.body, StandardCharsets.UTF_8))) {
            if (token.length() < 1000) {
                assertFalse(response.body.contains(token), name + ": the answer quotes the request: " + token);
            }
        }
    }

    record Response(int status, Map<String, String> headers, String body) {
        String bodySnippet() {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    /** One request per connection; the body is written while the answer is read, as a server may answer early (413). */
    static Response send(HostileRequest request) throws Exception {
        String host = bridge.url("/").getHost();
        int port = bridge.url("/").getPort();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    request.writeTo(out, host + ":" + port);
                } catch (IOException e) {
                    // The server may close the connection while we still write (oversize bodies): read its answer.
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received.write(buf, 0, n);
                }
            } catch (IOException e) {
                if (received.size() == 0) {
                    throw e;
                }
            }
            writing.cancel(true);
            return parseResponse(received.toByteArray());
        }
    }

    static Response parseResponse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            fail("not an HTTP response: " + text.substring(0, Math.min(100, text.length())));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String body = new String(raw, end + 4, raw.length - end - 4, StandardCharsets.UTF_8);
        return new Response(status, headers, body);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static EmbeddedBroker broker() {
        return (EmbeddedBroker) bridge.context().getRegistry().lookupByName("embeddedBroker");
    }

    /** Every queue the broker has, whatever created it (staging, dead letters, delivery queues, diverts' targets). */
    static List<Queue> queues() {
        return broker().server().getPostOffice().getAllBindings()
                .filter(b -> b instanceof LocalQueueBinding)
                .map(b -> ((LocalQueueBinding) b).getQueue())
                .toList();
    }

    static Map<String, Long> messagesAdded() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Queue q : queues()) {
            out.put(q.getName().toString(), q.getMessagesAdded());
        }
        return out;
    }

    /** One corpus file: see src/test/resources/hostile/README.md. */
    static final class HostileRequest {
        int expectedStatus;
        String expectedError;
        String method;
        String target;
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        int chunkSize;
        int repeat = 1;
        boolean escapes;

        static HostileRequest parse(Path file) throws Exception {
            HostileRequest r = new HostileRequest();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int blank = text.indexOf("\n\n");
            String head = blank < 0 ? text : text.substring(0, blank);
            String body = blank < 0 ? "" : text.substring(blank + 2);
            if (body.endsWith("\n")) {
                body = body.substring(0, body.length() - 1); // the file's final newline is not part of the body
            }
            boolean requestLineSeen = false;
            for (String line : head.split("\n")) {
                if (!requestLineSeen && line.startsWith("#!")) {
                    String[] d = line.substring(2).trim().split("\\s+");
                    switch (d[0]) {
                        case "chunked" -> r.chunkSize = Integer.parseInt(d[1]);
                        case "repeat" -> r.repeat = Integer.parseInt(d[1]);
                        case "escapes" -> r.escapes = true;
                        default -> throw new IllegalArgumentException(file + ": unknown directive " + line);
                    }
                } else if (!requestLineSeen && line.startsWith("#")) {
                    Matcher m = EXPECT.matcher(line);
                    if (m.matches()) {
                        r.expectedStatus = Integer.parseInt(m.group(1));
                        r.expectedError = m.group(2);
                    }
                } else if (!requestLineSeen) {
                    int space = line.indexOf(' ');
                    r.method = line.substring(0, space);
                    r.target = line.substring(space + 1);
                    requestLineSeen = true;
                } else {
                    int colon = line.indexOf(':');
                    r.headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).trim()});
                }
            }
            if (r.expectedStatus == 0 || r.method == null) {
                throw new IllegalArgumentException(file + ": needs a '# expect: <status>' line and a request line");
            }
            byte[] once = r.escapes ? unescape(body) : body.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < r.repeat; i++) {
                all.write(once);
            }
            r.body = all.toByteArray();
            for (String[] h : r.headers) {
                h[1] = placeholders(h[1]);
            }
            return r;
        }

        /** {@code {{fresh-token payload_hash=<hex>}}}: a genuine token issued now, as if captured from Vonage's traffic. */
        static String placeholders(String value) {
            Matcher m = Pattern.compile("\\{\\{fresh-token payload_hash=([0-9a-f]{64})}}").matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String token = JWT.create().withIssuedAt(Instant.now()).withIssuer("Vonage")
                        .withJWTId("00000000-0000-4000-8000-000000000002").withClaim("payload_hash", m.group(1))
                        .withClaim("api_key", "a1b2c3d4").sign(Algorithm.HMAC256(BridgeRunner.SECRET));
                m.appendReplacement(sb, token);
            }
            return m.appendTail(sb).toString();
        }

        /** {@code \xHH} is that byte and {@code \\} a backslash; everything else is UTF-8 text. */
        static byte[] unescape(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                    out.writeBytes(HexFormat.of().parseHex(s, i + 2, i + 4));
                    i += 3;
                } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                    out.write('\\');
                    i++;
                } else {
                    out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        }

        boolean has(String header) {
            return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(header));
        }

        void writeTo(OutputStream out, String hostPort) throws IOException {
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            if (!has("Host")) {
                head.append("Host: ").append(hostPort).append("\r\n");
            }
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (chunkSize > 0) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (!has("Content-Length") && (body.length > 0 || method.equals("POST") || method.equals("PUT"))) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (chunkSize > 0) {
                for (int from = 0; from < body.length; from += chunkSize) {
                    int n = Math.min(chunkSize, body.length - from);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, from, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(body);
            }
            out.flush();
        }
    }
}
