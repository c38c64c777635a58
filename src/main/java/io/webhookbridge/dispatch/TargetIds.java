package io.webhookbridge.dispatch;

import io.webhookbridge.event.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The value of {@code bridgeTargetIds} for an event whose targets (header {@code bridgeTargets}) are chosen: the ids
 * the targets' diverts match, e.g. {@code |a1b2c3|d4e5f6|}. An expression ({@code ref: targetIds}), so each event
 * costs a map lookup, not a bean-method call.
 */
public final class TargetIds extends ExpressionAdapter {

    private final TargetDeliveries deliveries;

    public TargetIds(TargetDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        try {
            return deliveries.targetIds(exchange.getMessage().getHeader(EventHeaders.TARGETS, String.class));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeCamelException(e);
        }
    }
}
