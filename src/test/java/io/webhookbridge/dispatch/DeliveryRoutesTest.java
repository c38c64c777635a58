package io.webhookbridge.dispatch;

import java.nio.file.Path;

import io.webhookbridge.BridgeRunner;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes that read the bridge's queues share one way of reading them: a failure must roll the read back, and
 * the sends must commit in the read's own transaction.
 */
class DeliveryRoutesTest {

    @TempDir
    Path work;

    @Test
    void theDispatchAndDeliveryRoutesReadTheirQueueInOneLocalTransaction() throws Exception {
        String target = "file:" + work.resolve("out");
        try (BridgeRunner bridge = new BridgeRunner(work).property("bridge.target.inbound", target)
                .property("bridge.dispatch.concurrent-consumers", "3").property("bridge.delivery.concurrent-consumers", "2")
                .start()) {
            assertTransactedReader(bridge.context().getRoute("dispatch-staged-events"), "bridge.staging", 3);
            String id = new TargetUri(target).id();
            assertTransactedReader(bridge.context().getRoute("deliver-" + id), "bridge.deliver." + id, 2);
        }
    }

    private static void assertTransactedReader(Route route, String queue, int consumers) {
        assertNotNull(route);
        JmsEndpoint endpoint = (JmsEndpoint) route.getEndpoint();
        assertEquals(queue, endpoint.getDestinationName());
        assertTrue(endpoint.isTransacted());
        assertFalse(endpoint.getConfiguration().isLazyCreateTransactionManager());
        assertEquals("CACHE_CONSUMER", endpoint.getConfiguration().getCacheLevelName());
        assertEquals(consumers, endpoint.getConcurrentConsumers());
    }
}
