package io.webhookbridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.staging.EventStager;
import io.webhookbridge.tools.SampleSender;
import jakarta.jms.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200 means the event is in the journal: run the bridge as its own process, post events concurrently, kill -9
 * it mid-stream, start again on the same data directory, and find every event that got a 200.
 * (It proves "written before the 200", not "fsynced": the page cache survives a process kill.)
 */
class CrashTest {

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedEventSurvivesKillMinus9() throws Exception {
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        ProcessBuilder builder = BridgeProcess.builder(work.resolve("data"), httpPort, managementPort)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("bridge.log").toFile());
        builder.environment().put("BRIDGE_TARGET_INBOUND", "jms:queue:k.inbound");
        Process bridge = builder.start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            AtomicBoolean running = new AtomicBoolean(true);
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                senders.add(CompletableFuture.runAsync(() -> {
                    while (running.get()) {
                        String uuid = UUID.randomUUID().toString();
                        byte[] body = Samples.withUuid("inbound-sms", uuid).getBytes(StandardCharsets.UTF_8);
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + httpPort + "/webhooks/inbound-message"))
                                    .header("Authorization", "Bearer " + SampleSender.sign(BridgeRunner.SECRET, body, "a1b2c3d4"))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                acknowledged.add(uuid);
                            }
                        } catch (Exception e) {
                            return; // the process is gone
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
            bridge.destroyForcibly();
            bridge.waitFor();
            running.set(false);
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).join();
        } finally {
            bridge.destroyForcibly();
        }

        Set<String> found = new HashSet<>();
        String diagnosis = "";
        try (BridgeRunner restarted = new BridgeRunner(work).property("bridge.target.inbound", "jms:queue:k.inbound").start()) {
            try {
                await().atMost(Duration.ofSeconds(45)).until(() -> {
                    for (Message m : Queues.drain("k.inbound")) {
                        found.add(m.getStringProperty("vonageMessageUuid"));
                    }
                    return found.containsAll(acknowledged);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                diagnosis = diagnose(restarted, acknowledged, found);
            }
        }
        assertTrue(acknowledged.size() >= 300);
        assertTrue(found.containsAll(acknowledged), "lost " + acknowledged.stream().filter(u -> !found.contains(u)).count()
                + "\n" + diagnosis);
    }

    /** Where a lost event went missing: whether it was staged (its dedupe id is known) though it never reached the target. */
    private String diagnose(BridgeRunner restarted, Set<String> acknowledged, Set<String> found) throws Exception {
        EmbeddedBroker broker = restarted.broker();
        List<String> lines = new ArrayList<>();
        acknowledged.stream().filter(u -> !found.contains(u)).limit(20).forEach(u -> lines.add("LOST " + u
                + " staged=" + broker.isDuplicate(SimpleString.of("bridge.staging"), EventStager.duplicateId("inbound-message:" + u))));
        Files.readAllLines(work.resolve("bridge.log")).stream()
                .filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(20).forEach(l -> lines.add("CHILD " + l));
        broker.server().getPostOffice().getAllBindings().forEach(b -> {
            if (b instanceof LocalQueueBinding q) {
                lines.add("QUEUE " + q.getQueue().getName() + " messages=" + q.getQueue().getMessageCount());
            }
        });
        return String.join("\n", lines);
    }
}
