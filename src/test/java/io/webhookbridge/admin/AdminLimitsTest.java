package io.webhookbridge.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.event.EventHeaders;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API's work is bounded: a burst of calls beyond {@link AdminApi#MAX_IN_FLIGHT} is answered 429 at once while
 * the health probes keep answering, and replay jobs beyond {@link ReplayJobs#MAX_PENDING} queued or running are refused
 * with 409, none of the accepted ones forgotten.
 */
class AdminLimitsTest {

    /** Enough dead letters that each admin call browsing them, or a replay moving them one by one, takes a while. */
    private static final int DEAD_LETTERS = 3000;
    private static final int BURST = 40;

    @TempDir
    Path work;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aBurstOfAdminCallsIsAnswered429WhileTheProbesStayUp() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start()) {
            String base = AdminCalls.managementUrl(bridge.context());
            deadLetters(bridge, "no-such-target", DEAD_LETTERS);
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(client.sendAsync(admin(base, "/admin/dead-letters/count").GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // While the burst is being worked through, a probe is answered at once.
            long probeStarted = System.nanoTime();
            assertEquals(200, bridge.readyStatus());
            long probeMillis = (System.nanoTime() - probeStarted) / 1_000_000;
            int ok = 0;
            int busy = 0;
            for (CompletableFuture<HttpResponse<String>> call : burst) {
                HttpResponse<String> answer = call.get();
                if (answer.statusCode() == 429) {
                    assertEquals("{\"error\":\"busy\"}", answer.body());
                    busy++;
                } else {
                    assertEquals(200, answer.statusCode(), answer.body());
                    assertTrue(answer.body().startsWith("{\"total\":"), answer.body());
                    ok++;
                }
            }
            assertTrue(busy > 0, "no call was refused: " + ok + " answered");
            assertTrue(ok >= AdminApi.MAX_IN_FLIGHT, ok + " answered, " + busy + " refused");
            assertTrue(probeMillis < 2000, "the probe took " + probeMillis + " ms");
            // Once the burst is over, calls are taken again.
            assertEquals(200, client.send(admin(base, "/admin/targets").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void replayJobsBeyondTheBoundAreRefusedAndNoneWaitingIsForgotten() throws Exception {
        try (TargetServer http = new TargetServer()) {
            TargetUri target = new TargetUri(http.url("/hook"));
            // One entry per move, so the first job is still running while the next calls come.
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target.uri())
                    .property("bridge.admin.replay-batch", "1").start()) {
                String base = AdminCalls.managementUrl(bridge.context());
                AdminCalls admin = AdminCalls.of(bridge.context());
                // Paused, so that what is replayed stays on its queue and the count below is exact.
                admin.ok("targets", "pause", target.id());
                deadLetters(bridge, target.id(), DEAD_LETTERS);

                List<String> jobs = new ArrayList<>();
                for (int i = 0; i < ReplayJobs.MAX_PENDING; i++) {
                    HttpResponse<String> started = client.send(admin(base, "/admin/dead-letters/replay")
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(202, started.statusCode(), started.body());
                    jobs.add(started.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                }
                HttpResponse<String> refused = client.send(admin(base, "/admin/dead-letters/replay")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(409, refused.statusCode(), refused.body());
                assertEquals("running", admin.ok("job", jobs.get(0)).path("state").asText(),
                        "the first job was still running when the sixth was refused");

                await().atMost(Duration.ofSeconds(120)).until(() -> jobs.stream()
                        .allMatch(job -> "done".equals(admin.ok("job", job).path("state").asText())));
                assertEquals(DEAD_LETTERS, admin.ok("job", jobs.get(0)).path("replayed").asLong());
                assertEquals(DEAD_LETTERS, admin.target(target).path("waiting").asLong());
                // All finished: a new job is taken.
                assertEquals(202, client.send(admin(base, "/admin/dead-letters/replay")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            }
        }
    }

    private static HttpRequest.Builder admin(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
    }

    /** Dead letters as park-failed-delivery leaves them, put straight on the dead-letter queue (quicker than failing). */
    private static void deadLetters(BridgeRunner bridge, String targetId, int count) throws Exception {
        try (ActiveMQConnectionFactory factory = bridge.broker().inVmConnectionFactory();
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("bridge.dlq"));
            for (int i = 0; i < count; i++) {
                TextMessage message = session.createTextMessage("{\"n\":" + i + "}");
                message.setStringProperty(EventHeaders.EVENT_ID, "inbound-message-" + i);
                message.setStringProperty(EventHeaders.KIND, EventHeaders.KIND_INBOUND_MESSAGE);
                message.setStringProperty("bridgeTarget", "masked");
                message.setStringProperty("bridgeTargetId", targetId);
                message.setStringProperty("bridgeFailedStage", "delivery");
                message.setStringProperty("bridgeFailureReason", "statusCode: 500");
                producer.send(message);
                if (i % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }
}
