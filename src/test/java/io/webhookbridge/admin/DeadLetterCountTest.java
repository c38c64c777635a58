package io.webhookbridge.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dead-letter count is the broker's exact count, by target and reason, however many callers ask at once; and the
 * list pages through exactly as many entries as the count's total.
 */
class DeadLetterCountTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLERS = 40;
    private static final String DEAD_LETTERS = "bridge.dlq";

    @TempDir
    Path work;

    @Test
    void everyConcurrentCountIsExactAndTheListAgrees() throws Exception {
        try (TargetServer http = new TargetServer()) {
            TargetUri a = new TargetUri(http.url("/a"));
            TargetUri b = new TargetUri(http.url("/b"));
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", a.uri() + "," + b.uri())
                    .start()) {
                // 3,000 dead letters: two targets, two reasons each, in different numbers, and refused webhooks (no target).
                Map<String, Map<String, Long>> expected = new TreeMap<>();
                park(bridge, a, "statusCode: 500", 1100, expected);
                park(bridge, a, "statusCode: 503", 600, expected);
                park(bridge, b, "statusCode: 500", 700, expected);
                park(bridge, b, "Connection refused", 400, expected);
                park(bridge, null, "invalid payload", 200, expected);
                long total = 3000;
                await().atMost(Duration.ofSeconds(10)).until(() -> bridge.broker().messageCount(DEAD_LETTERS) == total);

                HttpClient client = HttpClient.newHttpClient();
                String url = AdminCalls.managementUrl(bridge.context()) + "/admin/dead-letters/count";
                ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
                try {
                    List<Callable<JsonNode>> calls = new ArrayList<>();
                    for (int i = 0; i < CALLERS; i++) {
                        calls.add(() -> countRetryingWhileBusy(client, url));
                    }
                    for (Future<JsonNode> answer : pool.invokeAll(calls, 120, TimeUnit.SECONDS)) {
                        JsonNode count = answer.get();
                        assertEquals(total, count.get("total").asLong(), count.toString());
                        assertEquals(expected, JSON.convertValue(count.get("byTarget"),
                                JSON.getTypeFactory().constructMapType(TreeMap.class, JSON.getTypeFactory().constructType(String.class),
                                        JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, Long.class))),
                                count.toString());
                    }
                } finally {
                    pool.shutdownNow();
                }

                // By filter too: one target's count, and the list's pages hold exactly the total.
                AdminCalls admin = AdminCalls.of(bridge.context());
                assertEquals(1700, admin.ok("dlq", "count", "--target", a.id()).path("total").asLong());
                assertEquals(1800, admin.ok("dlq", "count", "--reason", "statusCode: 500").path("total").asLong());
                long listed = 0;
                String cursor = null;
                do {
                    JsonNode page = cursor == null ? admin.ok("dlq", "list", "--limit", "1000")
                            : admin.ok("dlq", "list", "--limit", "1000", "--cursor", cursor);
                    listed += page.path("entries").size();
                    cursor = page.path("next").isNull() ? null : page.path("next").asText();
                } while (cursor != null);
                assertEquals(admin.ok("dlq", "count").path("total").asLong(), listed);
                assertEquals(total, listed);
            }
        }
    }

    private static JsonNode countRetryingWhileBusy(HttpClient client, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN).GET().build();
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                return false;
            }
            assertEquals(200, response.statusCode(), response.body());
            answer[0] = JSON.readTree(response.body());
            return true;
        });
        return answer[0];
    }

    /** Puts dead letters as the delivery error handling parks them: the event and the failure's properties. */
    private static void park(BridgeRunner bridge, TargetUri target, String reason, int n,
            Map<String, Map<String, Long>> expected) throws Exception {
        try (ActiveMQConnectionFactory factory = bridge.broker().inVmConnectionFactory();
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(DEAD_LETTERS));
            for (int i = 0; i < n; i++) {
                TextMessage message = session.createTextMessage("{\"message_uuid\":\"" + UUID.randomUUID() + "\"}");
                message.setStringProperty("vonageKind", "inbound-message");
                message.setStringProperty("bridgeFailureReason", reason);
                if (target != null) {
                    message.setStringProperty("bridgeFailedStage", "delivery");
                    message.setStringProperty("bridgeTarget", target.masked());
                    message.setStringProperty("bridgeTargetId", target.id());
                } else {
                    message.setStringProperty("bridgeFailedStage", "ingress");
                }
                producer.send(message);
            }
            session.commit();
        }
        expected.computeIfAbsent(target == null ? "none" : target.masked(), t -> new TreeMap<>()).merge(reason, (long) n, Long::sum);
    }
}
