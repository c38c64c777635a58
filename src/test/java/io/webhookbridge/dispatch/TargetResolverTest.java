package io.webhookbridge.dispatch;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetResolverTest {

    @Test
    void statusesFromPayloadsCannotGrowTheMemoWithoutBound() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("bridge.target.status", "jms:queue:s");
            context.getPropertiesComponent().addInitialProperty("bridge.target.status.rejected", "jms:queue:r");
            TargetResolver resolver = new TargetResolver(context);
            for (int i = 0; i < 5 * TargetResolver.MAX_CACHED; i++) {
                assertEquals("jms:queue:s", resolver.targets("message-status", "sms", "status-" + i));
            }
            assertTrue(resolver.cachedCombinations() <= TargetResolver.MAX_CACHED, "memo bounded");
            // Past the bound, answers are still right, just not memoised.
            assertEquals("jms:queue:r", resolver.targets("message-status", "sms", "rejected"));
        }
    }
}
