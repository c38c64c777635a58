package io.webhookbridge.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser against a real bridge: a failing HTTP target shows failing and its events appear as
 * dead letters; once the target recovers, a replay started from the page delivers each event exactly once. A wrong
 * token gets no data, and a state-changing call with the session cookie but without the CSRF token is refused.
 */
class ConsoleTest {

    private static final int EVENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFailingTargetsDeadLettersAreReplayedFromThePageAndDeliveredOnce() throws Exception {
        try (TargetServer target = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = target.url("/hook");
            String targetId = new TargetUri(hook).id();
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook).start();
                    ConsoleBrowser browser = ConsoleBrowser.open(managementPort(bridge))) {
                List<String> bodies = new ArrayList<>();
                List<String> uuids = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    String uuid = UUID.randomUUID().toString();
                    uuids.add(uuid);
                    bodies.add(Samples.withUuid("inbound-sms", uuid));
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", bodies.get(i)).statusCode());
                }

                browser.signIn(BridgeRunner.MANAGEMENT_TOKEN);
                browser.visible(By.id("tabs"));
                browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("sign-in")));

                // Targets: the row turns failing with the target's answer as the last error (the page refreshes).
                browser.tab("targets");
                String row = "#targets-table tr[data-target-id='" + targetId + "']";
                browser.waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(row), "data-state", "failing"));
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(row + " td[data-field='lastError']"), "500"));
                await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(bridge) == EVENTS);
                browser.waiting().until(ExpectedConditions.textToBe(
                        By.cssSelector(row + " td[data-field='deadLettered']"), String.valueOf(EVENTS)));
                browser.screenshot("targets");

                browser.tab("overview");
                browser.waiting().until(ExpectedConditions.textToBe(By.id("overview-dead-letters"),
                        String.valueOf(EVENTS)));
                browser.screenshot("overview");

                // Dead letters: every event listed; one opened shows its body with the phone numbers masked.
                browser.tab("dead-letters");
                browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-table tbody tr")).size() == EVENTS);
                browser.driver().findElement(By.cssSelector("#dl-table tbody tr")).click();
                WebElement body = browser.visible(By.id("dl-body"));
                browser.waiting().until(d -> body.getText().contains("message_uuid"));
                assertFalse(body.getText().contains("447700900"), body.getText());
                assertTrue(body.getText().contains("Is my parcel on its way?"), body.getText());
                assertTrue(uuids.stream().anyMatch(body.getText()::contains), "ids stay readable: " + body.getText());
                browser.driver().findElement(By.id("dl-reveal")).click();
                browser.waiting().until(d -> body.getText().contains("447700900123"));
                browser.driver().findElement(By.id("dl-reveal")).click();
                browser.waiting().until(d -> !body.getText().contains("447700900123"));
                ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                        .executeScript("arguments[0].scrollIntoView()", browser.driver().findElement(By.id("dl-detail")));
                browser.screenshot("dead-letters");

                // The target recovers; the replay asks first, saying how many events it will touch, then runs.
                target.failFirst("/hook", 0);
                browser.driver().findElement(By.id("dl-replay")).click();
                Alert confirm = browser.waiting().until(ExpectedConditions.alertIsPresent());
                assertTrue(confirm.getText().startsWith("Replay " + EVENTS + " dead letters"), confirm.getText());
                confirm.accept();
                browser.waiting().until(ExpectedConditions.attributeToBe(By.id("dl-progress"), "data-state", "done"));
                assertTrue(browser.driver().findElement(By.id("dl-progress")).getText()
                        .contains(EVENTS + " of " + EVENTS + " replayed"));
                await().atMost(Duration.ofSeconds(30)).until(() -> target.accepted("/hook").size() >= EVENTS);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> target.accepted("/hook").size() == EVENTS);
                assertEquals(bodies.stream().sorted().toList(),
                        target.accepted("/hook").stream().map(TargetServer.Received::body).sorted().toList());
                browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-table tbody tr")).isEmpty());
                browser.screenshot("dead-letters-replayed");

                // Find an event: delivered, so on no queue and not dead-lettered.
                browser.tab("find");
                browser.driver().findElement(By.cssSelector("#find-form input")).sendKeys(uuids.get(0));
                browser.driver().findElement(By.cssSelector("#find-form button")).click();
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("find-result"),
                        "not dead-lettered"));
                browser.screenshot("find");

                browser.tab("routes");
                browser.waiting().until(d -> !d.findElement(By.id("routes-message")).getText().isEmpty()
                        || !d.findElements(By.cssSelector("#routes-table tbody tr")).isEmpty());
                browser.screenshot("routes");
            }
        }
    }

    @Test
    void aWrongTokenGetsNoDataAndACallWithoutTheCsrfTokenIsRefused() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start();
                ConsoleBrowser browser = ConsoleBrowser.open(managementPort(bridge))) {
            browser.signIn("not-the-token");
            browser.waiting().until(ExpectedConditions.textToBe(By.id("sign-in-error"), "Wrong token."));
            assertFalse(browser.driver().findElement(By.id("tabs")).isDisplayed());
            assertTrue(browser.driver().findElements(By.cssSelector("#targets-table tbody tr")).isEmpty());
            browser.screenshot("sign-in-refused");

            String base = "http://127.0.0.1:" + managementPort(bridge);
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/console/")).GET(), null);
            assertEquals(200, page.statusCode());
            assertEquals("default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                    page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
            assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
            // Only the sign-in page and its assets are open.
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/console/app.js")).GET(), null).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/console/session")).GET(), null).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/admin/targets")).GET(), null).statusCode());

            HttpResponse<String> refused = signIn(base, "not-the-token");
            assertEquals(401, refused.statusCode());
            assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());

            // Another site's page posting the sign-in form is refused, even with the right token, and never counts
            // towards the wrong-token limit that would lock the operator out.
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", "https://attacker.example").header("Sec-Fetch-Site", "cross-site")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + (i == 0 ? BridgeRunner.MANAGEMENT_TOKEN
                                : "guess" + i))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, crossSite.statusCode(), crossSite.body());
                assertTrue(crossSite.headers().firstValue("Set-Cookie").isEmpty());
            }

            HttpResponse<String> signedIn = signIn(base, BridgeRunner.MANAGEMENT_TOKEN);
            assertEquals(200, signedIn.statusCode());
            String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
            assertTrue(attributes.contains("; httponly") && attributes.contains("; samesite=strict")
                    && attributes.contains("; path=/") && !attributes.contains("secure"), setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String csrf = JSON.readTree(signedIn.body()).path("csrf").asText();

            JsonNode targets = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/admin/targets")).GET(),
                    cookie).body());
            String id = targets.get(0).path("id").asText();
            URI pause = URI.create(base + "/admin/targets/" + id + "/pause");
            HttpResponse<String> noCsrf = send(HttpRequest.newBuilder(pause).POST(HttpRequest.BodyPublishers.noBody()),
                    cookie);
            assertEquals(403, noCsrf.statusCode());
            assertEquals("{\"error\":\"csrf\"}", noCsrf.body());
            HttpResponse<String> wrongCsrf = send(HttpRequest.newBuilder(pause).header("X-CSRF-Token", "x" + csrf)
                    .POST(HttpRequest.BodyPublishers.noBody()), cookie);
            assertEquals(403, wrongCsrf.statusCode());
            assertFalse(JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/admin/targets")).GET(), cookie)
                    .body()).get(0).path("paused").asBoolean(), "a refused call changes nothing");

            HttpResponse<String> withCsrf = send(HttpRequest.newBuilder(pause).header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.noBody()), cookie);
            assertEquals(200, withCsrf.statusCode(), withCsrf.body());
            assertTrue(JSON.readTree(withCsrf.body()).path("paused").asBoolean());
            // Scripts with the bearer token need no CSRF token.
            HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/targets/" + id
                    + "/resume")).header("Authorization", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, script.statusCode(), script.body());

            // Signing out ends the session.
            assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/console/session")).DELETE(), cookie)
                    .statusCode());
            assertEquals(204, send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                    .header("X-CSRF-Token", csrf).DELETE(), cookie).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/admin/targets")).GET(), cookie)
                    .statusCode());

            // The right token in the browser opens the console; signing out there brings the form back.
            browser.signIn(BridgeRunner.MANAGEMENT_TOKEN);
            browser.visible(By.id("tabs"));
            browser.click(By.id("sign-out"));
            browser.visible(By.id("token"));
            assertFalse(browser.driver().findElement(By.id("tabs")).isDisplayed());
        }
    }

    @Test
    void aTargetIsPausedAndResumedAndAFilterPurgedFromThePages() throws Exception {
        try (TargetServer target = new TargetServer().failFirst("/hook", Integer.MAX_VALUE)) {
            String hook = target.url("/hook");
            String targetId = new TargetUri(hook).id();
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook)
                    .property("bridge.delivery.max-redeliveries", "0").start();
                    ConsoleBrowser browser = ConsoleBrowser.open(managementPort(bridge))) {
                for (int i = 0; i < 2; i++) {
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                            Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(bridge) == 2);
                browser.signIn(BridgeRunner.MANAGEMENT_TOKEN);

                browser.tab("targets");
                String row = "#targets-table tr[data-target-id='" + targetId + "']";
                browser.click(By.cssSelector(row + " button[data-action='pause']"));
                browser.waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(row), "data-state", "paused"));
                assertTrue(targetRow(bridge, targetId).path("paused").asBoolean());
                browser.click(By.cssSelector(row + " button[data-action='resume']"));
                browser.waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(row), "data-state", "failing"));
                assertFalse(targetRow(bridge, targetId).path("paused").asBoolean());

                // A filter that matches nothing lists nothing; the target's filter lists both.
                browser.tab("dead-letters");
                browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-table tbody tr")).size() == 2);
                new Select(browser.driver().findElement(By.cssSelector("#dl-filter select[name='kind']")))
                        .selectByVisibleText("message-status");
                browser.driver().findElement(By.cssSelector("#dl-filter button[type='submit']")).click();
                browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-table tbody tr")).isEmpty());
                new Select(browser.driver().findElement(By.cssSelector("#dl-filter select[name='kind']")))
                        .selectByVisibleText("inbound-message");
                browser.waiting().until(d -> new Select(d.findElement(By.cssSelector("#dl-filter select[name='target']")))
                        .getOptions().size() > 1);
                new Select(browser.driver().findElement(By.cssSelector("#dl-filter select[name='target']")))
                        .selectByValue(targetId);
                browser.driver().findElement(By.cssSelector("#dl-filter button[type='submit']")).click();
                browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-table tbody tr")).size() == 2);

                browser.driver().findElement(By.id("dl-purge")).click();
                Alert confirm = browser.waiting().until(ExpectedConditions.alertIsPresent());
                assertTrue(confirm.getText().startsWith("Delete 2 dead letters (target " + targetId), confirm.getText());
                confirm.accept();
                browser.waiting().until(ExpectedConditions.textToBe(By.id("dl-progress"), "Purged 2."));
                assertEquals(0, deadLetters(bridge));
                browser.waiting().until(d -> d.findElements(By.cssSelector("#dl-table tbody tr")).isEmpty());
            }
        }
    }

    @Test
    void signedWebhooksShowOnTheOverview() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start();
                ConsoleBrowser browser = ConsoleBrowser.open(managementPort(bridge))) {
            for (int i = 0; i < EVENTS; i++) {
                assertEquals(200, bridge.postSigned("/webhooks/inbound-message",
                        Samples.withUuid("inbound-sms", UUID.randomUUID().toString())).statusCode());
            }
            assertEquals(401, bridge.post("/webhooks/inbound-message", Samples.load("inbound-sms").getBytes(),
                    "Bearer not.a.jwt").statusCode());
            browser.signIn(BridgeRunner.MANAGEMENT_TOKEN);
            browser.tab("overview");
            browser.waiting().until(ExpectedConditions.textToBe(
                    By.cssSelector("#overview-legend li[data-outcome='accepted']"), "accepted " + EVENTS));
            browser.waiting().until(ExpectedConditions.textToBe(
                    By.cssSelector("#overview-legend li[data-outcome='invalid_signature']"), "invalid_signature 1"));
            assertFalse(browser.driver().findElement(By.id("overview-invalid")).getText().equals("none"));
            browser.screenshot("overview");
        }
    }

    @Test
    void theRoutesPageListsTheRoutesAndTriesAPayload() throws Exception {
        try (BridgeRunner bridge = new BridgeRunner(work).start();
                ConsoleBrowser browser = ConsoleBrowser.open(managementPort(bridge))) {
            browser.signIn(BridgeRunner.MANAGEMENT_TOKEN);
            browser.tab("routes");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes-table"),
                    "ingress-inbound-message"));
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes-targets"),
                    "jms:queue:vonage.inbound"));
            browser.driver().findElement(By.cssSelector("#try-form textarea")).sendKeys(Samples.load("inbound-sms"));
            browser.click(By.cssSelector("#try-form button"));
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-result"),
                    "jms:queue:vonage.inbound"));
            assertTrue(browser.driver().findElement(By.id("try-result")).getText().contains("channel sms"));
            browser.screenshot("routes");
        }
    }

    private static int managementPort(BridgeRunner bridge) {
        return bridge.context().hasService(ManagementHttpServer.class).getPort();
    }

    private JsonNode targetRow(BridgeRunner bridge, String id) throws Exception {
        for (JsonNode row : JSON.readTree(bridge.management("/admin/targets", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN)
                .body())) {
            if (id.equals(row.path("id").asText())) {
                return row;
            }
        }
        throw new AssertionError("no target " + id);
    }

    private long deadLetters(BridgeRunner bridge) throws Exception {
        return JSON.readTree(bridge.management("/admin/dead-letters/count", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN)
                .body()).path("total").asLong();
    }

    private HttpResponse<String> signIn(String base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
