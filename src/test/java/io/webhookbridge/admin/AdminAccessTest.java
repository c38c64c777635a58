package io.webhookbridge.admin;

import java.nio.file.Path;
import java.util.List;

import io.webhookbridge.BridgeRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API and its commands refuse a missing or wrong token, and are off without a configured one. */
class AdminAccessTest {

    private static final List<List<String>> CALLS = List.of(List.of("dlq", "list"), List.of("dlq", "count"),
            List.of("dlq", "purge", "--all"), List.of("dlq", "replay"), List.of("targets", "list"), List.of("where", "abc"));

    @TempDir
    Path work;

    @Test
    void aMissingOrWrongTokenIsRefused() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start()) {
            AdminCalls admin = AdminCalls.of(bridge.context());
            for (String token : new String[] {null, "wrong", BridgeRunner.MANAGEMENT_TOKEN + "x"}) {
                for (List<String> call : CALLS) {
                    AdminCalls.Result result = admin.withToken(token).run(call.toArray(String[]::new));
                    assertEquals(1, result.exit(), call + " " + result.output());
                    assertEquals("unauthorized", result.json().path("error").asText(), result.output());
                }
                var response = bridge.management("/admin/targets", token == null ? null : "Bearer " + token);
                assertEquals(401, response.statusCode());
            }
            assertEquals(0, admin.run("targets", "list").exit());
            assertEquals(200, bridge.management("/admin/targets", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN).statusCode());
            assertEquals(404, bridge.management("/admin/nothing", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN).statusCode());
        }
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsOff() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.management.token", "").start()) {
            AdminCalls admin = AdminCalls.of(bridge.context());
            for (String token : new String[] {null, "", BridgeRunner.MANAGEMENT_TOKEN}) {
                for (List<String> call : CALLS) {
                    AdminCalls.Result result = admin.withToken(token).run(call.toArray(String[]::new));
                    assertEquals(1, result.exit(), call + " " + result.output());
                    assertTrue(result.json().path("reason").asText().contains("BRIDGE_MANAGEMENT_TOKEN"), result.output());
                }
            }
            var response = bridge.management("/admin/targets", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
            assertEquals(401, response.statusCode());
        }
    }
}
