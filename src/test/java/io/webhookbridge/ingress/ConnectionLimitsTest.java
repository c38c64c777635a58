package io.webhookbridge.ingress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.webhookbridge.LogCapture;
import io.webhookbridge.RawHttp;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.signature.AddressRanges;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's connection limits that do not need a broker, on a real server over real sockets: the cap on
 * connections per source address, cleartext HTTP/2 off unless configured, and the client address a route sees.
 */
class ConnectionLimitsTest {

    private static final String OK = "{\"status\":\"accepted\"}";

    private final List<Object> clientAddresses = new CopyOnWriteArrayList<>();
    private final Set<String> headersSeen = ConcurrentHashMap.newKeySet();
    private DefaultCamelContext context;
    private WebhookHttpEngine engine;

    private int start(ConnectionLimits limits) throws Exception {
        engine = new WebhookHttpEngine("127.0.0.1", 0, 1, 4096, 16, 5000, 5, limits);
        context = new DefaultCamelContext();
        context.addComponent(WebhookHttpComponent.SCHEME, new WebhookHttpComponent(engine));
        context.addService(engine, true, true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("webhook-http:/hook").process(exchange -> {
                    clientAddresses.add(exchange.getProperty(EventHeaders.CLIENT_ADDRESS));
                    headersSeen.addAll(exchange.getMessage().getHeaders().keySet());
                }).setBody(constant(OK));
            }
        });
        context.start();
        engine.listen();
        return engine.getServerPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    private static ConnectionLimits limits(int maxConnectionsPerAddress, boolean h2c, String trustedProxies) {
        return new ConnectionLimits(30_000, 30_000, 1 << 20, maxConnectionsPerAddress, 4096, h2c, AddressRanges.parse(trustedProxies));
    }

    @Test
    void aKeptAliveConnectionMayWaitTheIdleTimeForItsNextRequestAndIsClosedQuietlyAfterIt() throws Exception {
        int port = start(new ConnectionLimits(1000, 3000, 1 << 20, 16, 4096, false, AddressRanges.parse("")));
        try (LogCapture log = new LogCapture(); RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            assertEquals(200, c.send(post()).readResponse().status());
            // A pooled client that sends its next request 2 s later: over the 1 s receive timeout, inside the 3 s idle
            // time, so it never sends on a connection the server is closing.
            for (int i = 0; i < 2; i++) {
                Thread.sleep(2000);
                assertEquals(200, c.send(post()).readResponse().status());
            }
            // Then quiet: closed without an answer (nothing was asked), and without a warning (nothing was wrong).
            assertEquals("", c.readTimeout(Duration.ofSeconds(20)).readUntilClosed());
            assertEquals(List.of(), log.lines().stream().filter(l -> l.startsWith("WARN")).toList());
        }
    }

    @Test
    void theFirstRequestOfAConnectionGetsOnlyTheReceiveTime() throws Exception {
        int port = start(new ConnectionLimits(1000, 30_000, 1 << 20, 16, 4096, false, AddressRanges.parse("")));
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            // Nothing sent: the long idle time is only for connections that have been answered.
            assertEquals("", c.readTimeout(Duration.ofSeconds(20)).readUntilClosed());
        }
    }

    @Test
    void pastThePendingCapTheLongestWaitingConnectionIsClosedAndANewRequestIsServed() throws Exception {
        int port = start(new ConnectionLimits(30_000, 30_000, 1 << 20, 16, 8, false, AddressRanges.parse("")));
        List<RawHttp> slow = new ArrayList<>();
        try {
            // Eight connections from several addresses, each stuck in the middle of its headers: the cap is full.
            for (int i = 0; i < 8; i++) {
                slow.add(RawHttp.connect("127.0.0." + (2 + i % 4), port).send("POST /hook HTTP/1.1\r\nHost: x\r\nX-A: aaaa"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.pendingConnections() == 8);
            // A new sender is served; the longest-waiting slow one made room for it.
            assertEquals(200, postFrom("127.0.0.1", port));
            assertEquals("", slow.get(0).readTimeout(Duration.ofSeconds(10)).readUntilClosed());
            assertTrue(engine.pendingConnections() <= 8, "bounded: " + engine.pendingConnections());
        } finally {
            for (RawHttp c : slow) {
                c.close();
            }
        }
    }

    @Test
    void aRequestAnsweredBeforeItsBodyArrivedHasOnlyTheReceiveTimeForTheRest() throws Exception {
        // Receive 1 s, idle 60 s: the rest of a body answered without is dropped for the former, not the latter.
        int port = start(new ConnectionLimits(1000, 60_000, 1 << 20, 16, 4096, false, AddressRanges.parse("")));
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            c.send(RawHttp.head("POST", "/nope", "Content-Length: 100000") + "{\"pad\":\"");
            String received = c.readTimeout(Duration.ofSeconds(20)).readUntilClosed();
            assertTrue(received.startsWith("HTTP/1.1 404 "), received);
        }
    }

    @Test
    void aTransferEncodingOtherThanChunkedIsRefusedAndTheConnectionClosed() throws Exception {
        int port = start(limits(16, false, ""));
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            // Read as an empty body, "2\r\n{}..." would otherwise be taken for a second request.
            c.send("POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Type: application/json\r\n\r\n"
                    + "2\r\n{}\r\n0\r\n\r\n");
            String received = c.readTimeout(Duration.ofSeconds(10)).readUntilClosed();
            assertTrue(received.startsWith("HTTP/1.1 400 "), received);
            assertEquals(1, received.split("HTTP/1.1 ", -1).length - 1, "one answer: " + received);
        }
        assertEquals(List.of(), clientAddresses, "nothing reached the route");
    }

    private static String post(String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Content-Length: 2";
        System.arraycopy(headers, 0, all, 1, headers.length);
        return RawHttp.head("POST", "/hook", all) + "{}";
    }

    /** Status of a POST on a new connection from the address, or -1 when the server closed it without an answer. */
    private static int postFrom(String address, int port) {
        try (RawHttp c = RawHttp.connect(address, port)) {
            return c.send(post()).readResponse().status();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aConnectionOverTheCapOfItsAddressIsClosedAtOnceWhileOtherAddressesAreServed() throws Exception {
        int port = start(limits(4, false, ""));
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RawHttp c = RawHttp.connect("127.0.0.1", port);
                open.add(c);
                // Answered, so counted; kept alive, so still counted.
                assertEquals(200, c.send(post()).readResponse().status());
            }
            try (RawHttp extra = RawHttp.connect("127.0.0.1", port)) {
                // Closed by the server before it sent anything, without waiting for a request.
                assertEquals("", extra.readTimeout(Duration.ofSeconds(10)).readUntilClosed());
            }
            assertEquals(200, postFrom("127.0.0.2", port), "another address is not affected");

            open.remove(0).close();
            // The closed connection's place is free again once the server has seen it close.
            await().atMost(Duration.ofSeconds(10)).until(() -> postFrom("127.0.0.1", port) == 200);
        } finally {
            for (RawHttp c : open) {
                c.close();
            }
        }
        // No entry is kept for an address without connections.
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.addressesWithConnections() == 0);
    }

    @Test
    void cleartextHttp2IsNotServedUnlessConfigured() throws Exception {
        int port = start(limits(16, false, ""));
        // Upgrade: h2c (what java.net.http does for http:// URIs when asked for HTTP/2): answered over HTTP/1.1.
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> upgraded = http2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, upgraded.version());
        assertEquals(405, upgraded.statusCode());

        // Prior knowledge: the HTTP/2 preface and an empty SETTINGS frame. An HTTP/2 server answers with its own
        // SETTINGS frame (binary, starting with its length: 0x00 ...); this one answers in HTTP/1 text or closes.
        try (RawHttp c = RawHttp.connect("127.0.0.1", port)) {
            c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").send(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            String reply = c.readTimeout(Duration.ofSeconds(10)).readUntilClosed();
            assertTrue(reply.isEmpty() || reply.startsWith("HTTP/"),
                    "not an HTTP/1.1 answer: " + reply.substring(0, Math.min(reply.length(), 40)).replaceAll("[^ -~]", "."));
        }
    }

    @Test
    void cleartextHttp2IsServedWhenConfigured() throws Exception {
        int port = start(limits(16, true, ""));
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = http2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertEquals(405, response.statusCode());
    }

    @Test
    void theClientAddressIsTheTcpPeerOrWhatATrustedProxyForwarded() throws Exception {
        int port = start(limits(16, false, "127.0.0.1"));
        String[][] cases = {
                // from, X-Forwarded-For (null: none), expected client address
                {"127.0.0.1", "198.51.100.7, 203.0.113.9", "203.0.113.9"},
                {"127.0.0.1", "203.0.113.9, 127.0.0.1", "203.0.113.9"},
                {"127.0.0.1", null, "127.0.0.1"},
                {"127.0.0.2", "203.0.113.9", "127.0.0.2"},
        };
        for (String[] c : cases) {
            clientAddresses.clear();
            try (RawHttp connection = RawHttp.connect(c[0], port)) {
                String request = c[1] == null ? post() : post("X-Forwarded-For: " + c[1]);
                assertEquals(200, connection.send(request).readResponse().status());
            }
            assertEquals(List.of(InetAddress.getByName(c[2])), clientAddresses, String.join(" | ", c[0], c[1]));
        }
        assertFalse(headersSeen.contains(EventHeaders.CLIENT_ADDRESS), "the client address is never a header");
        assertFalse(headersSeen.stream().anyMatch(h -> h.equalsIgnoreCase("X-Forwarded-For")), headersSeen.toString());
    }
}
