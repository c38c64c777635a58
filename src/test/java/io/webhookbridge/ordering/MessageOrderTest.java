package io.webhookbridge.ordering;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line a message's events wait in while one of them waits for its retry; the route-level test is RetryOrderTest. */
class MessageOrderTest {

    private final CamelContext context = new DefaultCamelContext();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovingClock clock = new MovingClock();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void laterEventsWaitBehindARequeuedOneAndGoInTheirOrderOnceItIsDone() throws Exception {
        MessageOrder order = new MessageOrder(100, 60_000, meters, clock, (queue, place) -> false);
        long due = clock.millis() + 30_000;

        Exchange first = event("m1", null);
        order.admit(first);
        requeue(order, first, due);
        String firstPlace = first.getMessage().getHeader(MessageOrder.PLACE, String.class);

        Exchange second = event("m1", null);
        OrderHeldException held = assertThrows(OrderHeldException.class, () -> order.admit(second));
        assertTrue(held.dueAt() > due, "due after the head");
        requeue(order, second, held.dueAt());
        String secondPlace = second.getMessage().getHeader(MessageOrder.PLACE, String.class);

        assertDoesNotThrow(() -> order.admit(event("m2", null)), "another message is not held");
        assertThrows(OrderHeldException.class, () -> order.admit(event("m1", secondPlace)), "not before the head");
        assertEquals(1, order.held("t1"));

        Exchange headBack = event("m1", firstPlace);
        order.admit(headBack);
        complete(headBack);
        Exchange secondBack = event("m1", secondPlace);
        order.admit(secondBack);
        complete(secondBack);
        assertEquals(0, order.held("t1"), "the line is gone once its last event is done");
        assertDoesNotThrow(() -> order.admit(event("m1", null)));
    }

    @Test
    void aHeadThatFailsAgainKeepsItsPlace() throws Exception {
        MessageOrder order = new MessageOrder(100, 60_000, meters, clock, (queue, place) -> false);
        Exchange first = event("m1", null);
        order.admit(first);
        requeue(order, first, clock.millis() + 1000);
        String place = first.getMessage().getHeader(MessageOrder.PLACE, String.class);

        Exchange again = event("m1", place);
        order.admit(again);
        long later = clock.millis() + 50_000;
        requeue(order, again, later);
        complete(again);
        assertEquals(place, again.getMessage().getHeader(MessageOrder.PLACE, String.class));
        OrderHeldException held = assertThrows(OrderHeldException.class, () -> order.admit(event("m1", null)));
        assertTrue(held.dueAt() > later, "the others now wait for the head's new due time");
    }

    @Test
    void aLineWhoseHeadNeverComesBackMovesOnOnceTheEventsBehindItKeptComingForTheStall() throws Exception {
        MessageOrder order = new MessageOrder(100, 60_000, meters, clock, (queue, place) -> false);
        Exchange first = event("m1", null);
        order.admit(first);
        requeue(order, first, clock.millis());
        Exchange second = event("m1", null);
        OrderHeldException held = assertThrows(OrderHeldException.class, () -> order.admit(second));
        requeue(order, second, held.dueAt());
        String place = second.getMessage().getHeader(MessageOrder.PLACE, String.class);

        // The queue stops (paused, the circuit open) for an hour: the head is overdue, but nothing says it is gone.
        clock.advance(3_600_000);
        // Back, the follower comes round every second or so without its head: for a minute it keeps waiting ...
        for (int i = 0; i < 60; i++) {
            assertThrows(OrderHeldException.class, () -> order.admit(event("m1", place)), "second " + i);
            clock.advance(1000);
        }
        // ... a pause of more than a few seconds means the queue stopped again: the count starts over ...
        clock.advance(10_000);
        assertThrows(OrderHeldException.class, () -> order.admit(event("m1", place)));
        for (int i = 0; i < 59; i++) {
            clock.advance(1000);
            assertThrows(OrderHeldException.class, () -> order.admit(event("m1", place)), "after the gap, second " + i);
        }
        // ... and after a minute of coming back without it, the line moves on.
        clock.advance(1000);
        Exchange secondBack = event("m1", place);
        assertDoesNotThrow(() -> order.admit(secondBack));
        complete(secondBack);
        assertEquals(0, order.held("t1"));
        assertEquals(1.0, meters.get("bridge.target.order.skipped").tag("target", "http://t1").counter().count());
    }

    @Test
    void aHeadStillOnItsQueueIsNeverPassedOver() throws Exception {
        // The head waits on the queue behind the events that came out first (a paused queue, a circuit that probes
        // every second): the broker still has it, however long the others keep coming back.
        MessageOrder order = new MessageOrder(100, 60_000, meters, clock, (queue, place) -> true);
        Exchange first = event("m1", null);
        order.admit(first);
        requeue(order, first, clock.millis());
        Exchange second = event("m1", null);
        OrderHeldException held = assertThrows(OrderHeldException.class, () -> order.admit(second));
        requeue(order, second, held.dueAt());
        String place = second.getMessage().getHeader(MessageOrder.PLACE, String.class);
        clock.advance(2000);
        for (int i = 0; i < 300; i++) {
            assertThrows(OrderHeldException.class, () -> order.admit(event("m1", place)), "second " + i);
            clock.advance(1000);
        }
        assertEquals(0.0, meters.get("bridge.target.order.skipped").tag("target", "http://t1").counter().count());
    }

    @Test
    void aPlaceWhoseGoingBackFailedIsKeptForItsEvent() throws Exception {
        MessageOrder order = new MessageOrder(100, 60_000, meters, clock, (queue, place) -> false);
        Exchange first = event("m1", null);
        order.admit(first);
        requeue(order, first, clock.millis() + 5000);
        Exchange second = event("m1", null);
        assertThrows(OrderHeldException.class, () -> order.admit(second));
        Exchange third = event("m1", null);
        OrderHeldException held = assertThrows(OrderHeldException.class, () -> order.admit(third));
        requeue(order, third, held.dueAt());
        // The second's transaction failed: the broker hands it out again as it came, without a place.
        fail(second);

        Exchange headBack = event("m1", first.getMessage().getHeader(MessageOrder.PLACE, String.class));
        order.admit(headBack);
        complete(headBack);
        String thirdPlace = third.getMessage().getHeader(MessageOrder.PLACE, String.class);
        assertThrows(OrderHeldException.class, () -> order.admit(event("m1", thirdPlace)), "the second goes first");
        Exchange secondAgain = event("m1", null);
        secondAgain.getMessage().setHeader("bridgeEventId", second.getMessage().getHeader("bridgeEventId"));
        assertDoesNotThrow(() -> order.admit(secondAgain), "it takes its place again, now the head");
        complete(secondAgain);
        Exchange thirdBack = event("m1", thirdPlace);
        assertDoesNotThrow(() -> order.admit(thirdBack));
        complete(thirdBack);
        assertEquals(0, order.held("t1"));
    }

    @Test
    void atItsBoundTheLineUntouchedLongestIsLetGoAndThatIsCounted() throws Exception {
        MessageOrder order = new MessageOrder(1, 60_000, meters, clock, (queue, place) -> false);
        Exchange a = event("m1", null);
        order.admit(a);
        requeue(order, a, clock.millis() + 10_000);
        clock.advance(1000);
        Exchange b = event("m2", null);
        order.admit(b);
        requeue(order, b, clock.millis() + 10_000);
        assertTrue(b.getMessage().getHeader(MessageOrder.PLACE) != null, "m2 has a line");
        assertThrows(OrderHeldException.class, () -> order.admit(event("m2", null)));
        assertDoesNotThrow(() -> order.admit(event("m1", null)), "m1 was let go");
        assertEquals(1.0, meters.get("bridge.target.order.unheld").tag("target", "http://t1").counter().count());
        assertEquals(1.0, meters.get("bridge.target.held.messages").tag("target", "http://t1").gauge().value());
    }

    @Test
    void aPlaceFromAnEarlierRunOrAForgedOneCountsAsNone() throws Exception {
        MessageOrder order = new MessageOrder(100, 60_000, meters, clock, (queue, place) -> false);
        Exchange first = event("m1", null);
        order.admit(first);
        requeue(order, first, clock.millis() + 10_000);
        for (String place : List.of("000000000000:0", "x", "", ":0", "a".repeat(500))) {
            assertThrows(OrderHeldException.class, () -> order.admit(event("m1", place)), place);
        }
        assertDoesNotThrow(() -> order.admit(event("no-group-check", null)));
        Exchange ungrouped = new DefaultExchange(context);
        ungrouped.setProperty("bridgeTargetId", "t1");
        assertDoesNotThrow(() -> order.admit(ungrouped));
        assertTrue(!MessageOrder.keepsPlace(ungrouped), "an event of no message is left to the broker");
    }

    private Exchange event(String group, String place) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty("bridgeTargetId", "t1");
        exchange.setProperty("bridgeTarget", "http://t1");
        exchange.getMessage().setHeader(MessageOrder.GROUP, group);
        exchange.getMessage().setHeader("bridgeEventId", "e-" + java.util.UUID.randomUUID());
        if (place != null) {
            exchange.getMessage().setHeader(MessageOrder.PLACE, place);
        }
        return exchange;
    }

    private static void requeue(MessageOrder order, Exchange exchange, long due) {
        exchange.getMessage().setHeader(MessageOrder.DUE, due);
        order.requeued(exchange);
    }

    /** What the unit of work does when the delivery route ends with an error: the transaction rolls back. */
    private static void fail(Exchange exchange) {
        List<Synchronization> done = exchange.getExchangeExtension().handoverCompletions();
        if (done != null) {
            done.forEach(s -> s.onFailure(exchange));
        }
    }

    /** What the unit of work does when the delivery route ends without an error. */
    private static void complete(Exchange exchange) {
        List<Synchronization> done = exchange.getExchangeExtension().handoverCompletions();
        if (done != null) {
            done.forEach(s -> s.onComplete(exchange));
        }
    }
}
