package io.webhookbridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.webhookbridge.broker.EmbeddedBroker;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge under a hostile load, end to end: thousands of unauthenticated junk requests to every webhook path and
 * beyond, and two thousand connections that trickle their headers or bodies (spread over source addresses, each
 * under the per-address cap, so that cap is not what saves the day), while signed webhooks flow from 127.0.0.1.
 * Every signed webhook must be answered 200 and delivered exactly once, and nothing from the attack may be stored.
 */
class AbuseTest {

    static final int SLOW_CONNECTIONS = 2000;
    static final int SLOW_ADDRESSES = 10;
    static final int JUNK_REQUESTS = 3000;
    static final int JUNK_THREADS = 4;
    static final int SIGNED_PER_KIND = 100;
    static final int MAX_IN_FLIGHT = 256;

    @TempDir
    Path work;
    private final List<String> signedUuids = new CopyOnWriteArrayList<>();

    @Test
    void signedWebhooksAreTakenAndDeliveredOnceWhileJunkAndSlowSendersAreTurnedAway() throws Exception {
        Path inbound = work.resolve("files/inbound");
        Path status = work.resolve("files/status");
        try (BridgeRunner bridge = new BridgeRunner(work.resolve("bridge"))
                .property("bridge.target.inbound", "file:" + inbound)
                .property("bridge.target.status", "file:" + status)
                // Below the number of slow senders: what a slow sender holds must not be a request slot.
                .property("bridge.http.max-in-flight", String.valueOf(MAX_IN_FLIGHT))
                .property("bridge.http.receive-timeout-ms", "4000")
                .start()) {
            int port = bridge.url("/").getPort();
            SlowSenders slow = new SlowSenders(port);
            Junk junk = new Junk(port);
            ExecutorService attackers = Executors.newFixedThreadPool(1 + JUNK_THREADS);
            try {
                attackers.submit(slow);
                await().atMost(Duration.ofSeconds(60)).until(() -> slow.opened.get() >= SLOW_CONNECTIONS);
                List<Future<?>> junkers = new ArrayList<>();
                for (int t = 0; t < JUNK_THREADS; t++) {
                    String from = "127.0.0." + (2 + t);
                    junkers.add(attackers.submit(() -> junk.send(from)));
                }

                Map<String, Integer> answers = sendSigned(bridge);

                for (Future<?> junker : junkers) {
                    junker.get(120, TimeUnit.SECONDS);
                }
                assertEquals(2 * SIGNED_PER_KIND, answers.size());
                List<String> notAccepted = answers.entrySet().stream().filter(e -> e.getValue() != 200)
                        .map(e -> e.getKey() + " -> " + e.getValue()).toList();
                assertEquals(List.of(), notAccepted.subList(0, Math.min(5, notAccepted.size())),
                        notAccepted.size() + " signed webhooks not answered 200, for example");
                assertTrue(slow.cutOff.get() > 0, "the receive deadline closed slow senders");
                assertEquals(0, junk.statuses.getOrDefault(200, new AtomicInteger()).get(), "junk answered 200: " + junk.statuses);
                // Each junk request is counted once, by its outcome (the sent counter overshoots by one per thread).
                assertEquals(JUNK_REQUESTS, junk.statuses.values().stream().mapToInt(AtomicInteger::get).sum(), junk.statuses.toString());
            } finally {
                slow.stop = true;
                attackers.shutdownNow();
                assertTrue(attackers.awaitTermination(30, TimeUnit.SECONDS));
                slow.closeAll();
            }

            // Every signed event arrives once as its own file; nothing else does.
            Set<String> expectedInbound = new TreeSet<>();
            Set<String> expectedStatus = new TreeSet<>();
            for (String uuid : signedUuids) {
                expectedInbound.add("inbound-message-" + uuid + ".json");
                expectedStatus.add("message-status-" + uuid + "_read.json");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> files(inbound).equals(expectedInbound)
                    && files(status).equals(expectedStatus));

            // The broker stored the signed events, each once, and nothing from the attack.
            ActiveMQServer server = bridge.context().getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class).server();
            Map<String, Long> added = new TreeMap<>();
            for (String queue : server.getActiveMQServerControl().getQueueNames()) {
                added.put(queue, server.locateQueue(SimpleString.of(queue)).getMessagesAdded());
            }
            assertEquals(2L * SIGNED_PER_KIND, added.values().stream().mapToLong(Long::longValue).sum(), added.toString());
            assertEquals(0L, added.getOrDefault("bridge.dlq", 0L), added.toString());
            assertEquals(0L, added.getOrDefault("bridge.staging", 0L), added.toString());
        }
    }

    /** Signed webhooks from 127.0.0.1, inbound messages and statuses in parallel; the answer of each by uuid and kind. */
    private Map<String, Integer> sendSigned(BridgeRunner bridge) throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < SIGNED_PER_KIND; i++) {
            uuids.add(UUID.randomUUID().toString());
        }
        signedUuids.addAll(uuids);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Future<?> inbound = senders.submit(() -> {
                for (String uuid : uuids) {
                    answers.put("inbound " + uuid, post(bridge, "/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", uuid)));
                }
                return null;
            });
            Future<?> statuses = senders.submit(() -> {
                for (String uuid : uuids) {
                    answers.put("status " + uuid, post(bridge, "/webhooks/message-status", Samples.withUuid("status-viber-read", uuid)));
                }
                return null;
            });
            inbound.get(120, TimeUnit.SECONDS);
            statuses.get(120, TimeUnit.SECONDS);
        } finally {
            senders.shutdownNow();
        }
        return answers;
    }

    private static int post(BridgeRunner bridge, String path, String body) throws Exception {
        HttpResponse<String> response = bridge.postSigned(path, body);
        return response.statusCode() == 200 && !"{\"status\":\"accepted\"}".equals(response.body()) ? -200 : response.statusCode();
    }

    private static Set<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Keeps SLOW_CONNECTIONS connections open, half sending their headers and half their body a byte per round,
     * from SLOW_ADDRESSES source addresses; one the bridge closes is opened again at once, as an attacker would.
     */
    static final class SlowSenders implements Runnable {
        final int port;
        final SocketChannel[] channels = new SocketChannel[SLOW_CONNECTIONS];
        final AtomicLong opened = new AtomicLong();
        final AtomicLong cutOff = new AtomicLong();
        final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
        final ByteBuffer oneByte = ByteBuffer.allocate(1);
        volatile boolean stop;

        SlowSenders(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            while (!stop) {
                for (int i = 0; i < SLOW_CONNECTIONS && !stop; i++) {
                    try {
                        step(i);
                    } catch (IOException e) {
                        close(i);
                    }
                }
                // A byte every half second per connection: far inside any idle timeout.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }

        private void step(int i) throws IOException {
            SocketChannel channel = channels[i];
            if (channel == null) {
                channel = SocketChannel.open();
                channels[i] = channel;
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.bind(new InetSocketAddress("127.0.0." + (10 + i % SLOW_ADDRESSES), 0));
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                String start = i % 2 == 0
                        ? "POST /webhooks/inbound-message HTTP/1.1\r\nHost: bridge\r\nX-Slow: "
                        : RawHttp.head("POST", "/webhooks/message-status", "Content-Type: application/json",
                                "Content-Length: 100000") + "{\"pad\":\"";
                channel.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.ISO_8859_1)));
                opened.incrementAndGet();
                return;
            }
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                cutOff.incrementAndGet();
                close(i);
                return;
            }
            channel.write(oneByte.clear().put((byte) 'x').flip());
        }

        private void close(int i) {
            SocketChannel channel = channels[i];
            channels[i] = null;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        void closeAll() {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                close(i);
            }
        }
    }

    /** Unauthenticated junk: unsigned, forged, malformed, oversized, wrong method, wrong path, not HTTP at all. */
    static final class Junk {
        final int port;
        final AtomicInteger sent = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

        Junk(int port) {
            this.port = port;
        }

        void send(String from) {
            int n;
            while ((n = sent.getAndIncrement()) < JUNK_REQUESTS) {
                int status;
                try (RawHttp connection = RawHttp.connect(from, port)) {
                    String request = request(n);
                    connection.send(request);
                    if (request.startsWith("\u0016")) {
                        connection.readUntilClosed();
                        status = 0;
                    } else {
                        status = connection.readResponse().status();
                    }
                } catch (IOException e) {
                    status = -1;
                }
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            }
        }

        private static String request(int n) {
            String json = "{\"message_uuid\":\"" + UUID.randomUUID() + "\",\"channel\":\"whatsapp\",\"junk\":" + n + "}";
            String form = "msisdn=447700900001&to=AcmeInc&messageId=" + n + "&text=junk&type=text";
            return switch (n % 12) {
                case 0, 1 -> post("/webhooks/inbound-message", "application/json", json);
                case 2 -> post("/webhooks/message-status", "application/json", json);
                case 3 -> RawHttp.head("POST", "/webhooks/message-status", "Content-Type: application/json",
                        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged", "Content-Length: " + json.length()) + json;
                case 4 -> post("/webhooks/inbound-sms", "application/x-www-form-urlencoded", form);
                case 5 -> RawHttp.head("GET", "/webhooks/delivery-receipt?" + form + "&status=delivered");
                case 6 -> RawHttp.head("GET", "/webhooks/inbound-sms?" + form + "&timestamp=1&sig=0123456789abcdef");
                case 7 -> post("/webhooks/inbound-message", "application/json", "\u0000\u00ff garbage {[");
                case 8 -> RawHttp.head("POST", "/webhooks/message-status", "Content-Length: 10000000");
                case 9 -> RawHttp.head("PUT", "/webhooks/delivery-receipt", "Content-Length: 0");
                case 10 -> RawHttp.head("GET", "/../../etc/passwd");
                default -> "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003 not http\r\n\r\n";
            };
        }

        private static String post(String path, String contentType, String body) {
            return RawHttp.head("POST", path, "Content-Type: " + contentType,
                    "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length) + body;
        }
    }
}
