package io.webhookbridge.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.dispatch.TargetUri;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;

/** Calls a bridge's admin API the way scripts do, through the jar's commands ({@link AdminClient}). */
final class AdminCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command printed and its exit status. */
    record Result(int exit, String output) {
        JsonNode json() {
            try {
                return JSON.readTree(output);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + output, e);
            }
        }
    }

    private final String url;
    private final String token;

    AdminCalls(String url, String token) {
        this.url = url;
        this.token = token;
    }

    static AdminCalls of(CamelContext context) {
        return new AdminCalls(managementUrl(context), BridgeRunner.MANAGEMENT_TOKEN);
    }

    static String managementUrl(CamelContext context) {
        return "http://127.0.0.1:" + context.hasService(ManagementHttpServer.class).getPort();
    }

    AdminCalls withToken(String other) {
        return new AdminCalls(url, other);
    }

    Result run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new AdminClient(url, token, new PrintStream(bytes, true, StandardCharsets.UTF_8)).execute(args);
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8).trim());
    }

    /** The target's row in {@code targets list}. */
    JsonNode target(TargetUri target) {
        for (JsonNode row : ok("targets", "list")) {
            if (target.id().equals(row.path("id").asText())) {
                return row;
            }
        }
        throw new AssertionError("target " + target.masked() + " is not listed");
    }

    /** A command that must succeed: its JSON answer. */
    JsonNode ok(String... args) {
        Result result = run(args);
        if (result.exit() != 0) {
            throw new AssertionError(String.join(" ", args) + " exited " + result.exit() + ": " + result.output());
        }
        return result.json();
    }
}
