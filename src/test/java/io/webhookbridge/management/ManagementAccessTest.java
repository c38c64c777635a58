package io.webhookbridge.management;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import io.webhookbridge.BridgeRunner;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management port: up/down for anyone, details only with the token, on loopback unless opened. */
class ManagementAccessTest {

    private static final String FULL = "?exposureLevel=full&data=true&stackTrace=true";

    @TempDir
    static Path work;
    private static BridgeRunner bridge;

    @BeforeAll
    static void start() throws Exception {
        bridge = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:m.inbound,https://hooks.example.com/vonage")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        bridge.close();
    }

    @Test
    void anAnonymousCallerGetsUpOrDownOnlyWhateverItAsks() throws Exception {
        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
            for (String query : List.of("", FULL, "?exposureLevel=default")) {
                var response = bridge.management(path + query, null);
                assertEquals(200, response.statusCode(), path + query);
                assertEquals("{\"status\":\"UP\"}", response.body(), path + query);
            }
        }
        // Everything else on the port is a detail.
        for (String path : List.of("/observe/info", "/observe/health/embedded-broker", "/observe/routes", "/q/dev")) {
            var response = bridge.management(path, null);
            assertEquals(401, response.statusCode(), path);
            assertEquals("{\"error\":\"unauthorized\"}", response.body(), path);
        }
    }

    @Test
    void anAnonymousCallerSeesDownWithItsStatusCode() throws Exception {
        bridge.context().getRouteController().stopRoute("reassemble-long-sms");
        try {
            for (String path : List.of("/observe/health", "/observe/health/ready")) {
                var response = bridge.management(path + FULL, null);
                assertEquals(503, response.statusCode(), path);
                assertEquals("{\"status\":\"DOWN\"}", response.body(), path);
            }
        } finally {
            bridge.context().getRouteController().startRoute("reassemble-long-sms");
        }
        assertEquals(200, bridge.management("/observe/health", null).statusCode());
    }

    @Test
    void theTokenShowsTheDetails() throws Exception {
        var response = bridge.health();
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("embedded-broker"), response.body());
        assertTrue(response.body().contains("hooks.example.com"), response.body());
        var info = bridge.management("/observe/info", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
        assertEquals(200, info.statusCode(), info.body());
    }

    @Test
    void aWrongTokenIsRefusedEvenForTheStatus() throws Exception {
        for (String authorization : List.of("Bearer wrong", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN + "x",
                "Bearer " + BridgeRunner.MANAGEMENT_TOKEN.substring(1), "Basic " + BridgeRunner.MANAGEMENT_TOKEN, "Bearer ")) {
            for (String path : List.of("/observe/health" + FULL, "/observe/health/ready", "/observe/info")) {
                var response = bridge.management(path, authorization);
                assertEquals(401, response.statusCode(), authorization + " " + path);
                assertEquals("{\"error\":\"unauthorized\"}", response.body());
            }
        }
    }

    @Test
    void itListensOnLoopbackUnlessTold() throws Exception {
        assertTrue(Files.readString(Path.of("config/application.properties"), StandardCharsets.UTF_8)
                .contains("camel.management.host = {{env:BRIDGE_MANAGEMENT_HOST:127.0.0.1}}"));
        // BridgeRunner leaves the host as configured.
        ManagementHttpServer server = bridge.context().hasService(ManagementHttpServer.class);
        assertEquals("127.0.0.1", server.getHost());
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    assertThrows(java.io.IOException.class, () -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(address, server.getPort()), 2000);
                        }
                    }, address.toString());
                }
            }
        }
    }

    @Test
    void withoutAConfiguredTokenNoAuthorizationPasses() {
        for (String token : new String[] {null, "", "  "}) {
            ManagementAccess access = new ManagementAccess(token);
            assertFalse(access.authorized(null));
            assertFalse(access.authorized("Bearer "));
            assertFalse(access.authorized("Bearer " + token));
        }
        ManagementAccess access = new ManagementAccess("s3cret");
        assertTrue(access.authorized("Bearer s3cret"));
        assertTrue(access.authorized("bearer s3cret"));
        assertFalse(access.authorized("Bearer s3cre"));
        assertFalse(access.authorized("s3cret"));
    }
}
