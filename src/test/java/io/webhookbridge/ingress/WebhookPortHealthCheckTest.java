package io.webhookbridge.ingress;

import io.webhookbridge.signature.AddressRanges;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebhookPortHealthCheckTest {

    @Test
    void readyOnlyOnceTheWebhookPortIsOpen() throws Exception {
        WebhookHttpEngine engine = new WebhookHttpEngine("127.0.0.1", 0, 1, 1024, 16, 1000, 5,
                new ConnectionLimits(5000, 5000, 1 << 20, 16, 4096, false, AddressRanges.parse("")));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            WebhookPortHealthCheck check = new WebhookPortHealthCheck(engine);
            check.setCamelContext(context);
            engine.start();
            assertEquals(HealthCheck.State.DOWN, check.call().getState());
            engine.listen();
            assertEquals(HealthCheck.State.UP, check.call().getState());
        } finally {
            engine.stop();
        }
    }
}
