package io.webhookbridge.ordering;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.StatusRank;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stale-status window: per target, bounded in messages, forgetting after its time, signed apart from unsigned. */
class StaleStatusFilterTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void closeCamel() throws Exception {
        CAMEL.close();
    }

    private final MovingClock clock = new MovingClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StaleStatusFilter filter = new StaleStatusFilter(true, 2, Duration.ofHours(24), meters, clock);

    /** Runs one status through the filter as the delivery route would, completing it; true when it was delivered. */
    private boolean deliver(String target, String uuid, int rank, Boolean verified) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty("bridgeTargetId", target);
        exchange.setProperty("bridgeTarget", "file:" + target);
        exchange.getMessage().setHeader(EventHeaders.MESSAGE_UUID, uuid);
        exchange.getMessage().setHeader(EventHeaders.EVENT_ID, "message-status-" + uuid + "_" + rank);
        exchange.getMessage().setHeader(StatusRank.RANK, rank);
        if (verified != null) {
            exchange.getMessage().setHeader(EventHeaders.SIGNATURE_VERIFIED, verified);
        }
        filter.process(exchange);
        boolean delivered = !exchange.isRouteStop();
        complete(exchange);
        return delivered;
    }

    /** What the route's unit of work does when the exchange completes: runs its on-completions. */
    private static void complete(Exchange exchange) {
        List<Synchronization> completions = exchange.getExchangeExtension().handoverCompletions();
        if (completions != null) {
            completions.forEach(c -> c.onComplete(exchange));
        }
    }

    @Test
    void aLowerRankAfterAHigherOneIsDroppedAndCountedPerTarget() {
        assertTrue(deliver("a", "m1", StatusRank.READ, null));
        assertFalse(deliver("a", "m1", StatusRank.DELIVERED, null));
        assertTrue(deliver("a", "m1", StatusRank.READ, null), "the same rank again is not stale");
        assertTrue(deliver("b", "m1", StatusRank.SUBMITTED, null), "another target has its own window");
        assertEquals(1.0, meters.get("bridge.target.stale.dropped").tag("target", "file:a").counter().count());
    }

    @Test
    void theWindowKeepsAtMostMaxMessagesPerTargetAndForgetsAfterItsTime() {
        assertTrue(deliver("a", "m1", StatusRank.FINAL, null));
        assertTrue(deliver("a", "m2", StatusRank.FINAL, null));
        assertTrue(deliver("a", "m3", StatusRank.FINAL, null));
        assertEquals(0, filter.highest("a", "m1"), "the least recently updated message left the window");
        assertTrue(deliver("a", "m1", StatusRank.SUBMITTED, null));
        assertFalse(deliver("a", "m3", StatusRank.SUBMITTED, null));

        clock.advance(Duration.ofHours(25));
        assertTrue(deliver("a", "m3", StatusRank.SUBMITTED, null), "past the window the message is forgotten");
    }

    @Test
    void anUnsignedStatusNeverMakesASignedOneStale() {
        assertTrue(deliver("a", "1B000000AAAA0001", StatusRank.FINAL, Boolean.FALSE));
        assertTrue(deliver("a", "1B000000AAAA0001", StatusRank.DELIVERED, Boolean.TRUE));
    }

    @Test
    void switchedOffItDropsNothing() {
        StaleStatusFilter off = new StaleStatusFilter(false, 2, Duration.ofHours(24), meters, clock);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty("bridgeTargetId", "a");
        exchange.getMessage().setHeader(EventHeaders.MESSAGE_UUID, "m1");
        exchange.getMessage().setHeader(StatusRank.RANK, StatusRank.FINAL);
        off.process(exchange);
        complete(exchange);
        exchange.getMessage().setHeader(StatusRank.RANK, StatusRank.SUBMITTED);
        off.process(exchange);
        assertFalse(exchange.isRouteStop());
    }
}
