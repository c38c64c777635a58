package io.webhookbridge.observe;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Samples;
import io.webhookbridge.TargetServer;
import io.webhookbridge.dispatch.TargetUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * camel-micrometer's route meters in the scrape: a delivery route's exchanges and timer after deliveries, and none for
 * the routes that answer webhooks.
 */
class RouteMetersTest {

    @TempDir
    Path work;

    @Test
    void aScrapeShowsTheDeliveryRoutesMetersAndNoneOfTheIngressRoutes() throws Exception {
        try (TargetServer target = new TargetServer()) {
            String hook = target.url("/hook");
            String route = "deliver-" + new TargetUri(hook).id();
            try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", hook).start()) {
                for (int i = 0; i < 3; i++) {
                    String body = Samples.withUuid("inbound-whatsapp-text", UUID.randomUUID().toString());
                    assertEquals(200, bridge.postSigned("/webhooks/inbound-message", body).statusCode());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> target.accepted("/hook").size() == 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(bridge), "camel_exchanges_total", route) == 3);
                String scrape = scrape(bridge);
                assertEquals(3, value(scrape, "camel_exchanges_succeeded_total", route), scrape);
                assertEquals(0, value(scrape, "camel_exchanges_failed_total", route), scrape);
                assertTrue(value(scrape, "camel_route_policy_seconds_count", route) == 3, scrape);
                assertFalse(scrape.contains("route_id=\"ingress-inbound-message\""), "no meters on the webhook path");
                assertFalse(scrape.contains("route_id=\"verify-messages-webhook\""), "no meters on the webhook path");
            }
        }
    }

    private static String scrape(BridgeRunner bridge) throws Exception {
        HttpResponse<String> response = bridge.management("/observe/metrics", "Bearer " + BridgeRunner.MANAGEMENT_TOKEN);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The sample of a meter for a route; -1 when absent. */
    private static double value(String scrape, String name, String routeId) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*route_id=\"" + Pattern.quote(routeId) + "\"[^}]*\\} (\\S+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
