package io.webhookbridge.admin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;

/**
 * The gauges read from the broker when scraped: per target, the events waiting on its queue, the age of the oldest
 * and whether the queue is paused; the dead-letter queue's depth and oldest age.
 */
final class TargetGauges {

    private final MeterRegistry registry;
    private final QueueControls queues;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    TargetGauges(MeterRegistry registry, QueueControls queues) {
        this.registry = registry;
        this.queues = queues;
    }

    void deadLetters(String deadLetterQueue) {
        Gauge.builder("bridge.dead.letters", queues, q -> q.count(deadLetterQueue))
                .description("Events on the dead-letter queue").strongReference(true).register(registry);
        Gauge.builder("bridge.dead.letters.oldest.seconds", queues, q -> q.oldestSeconds(deadLetterQueue))
                .description("Age of the oldest event on the dead-letter queue").baseUnit("seconds").strongReference(true)
                .register(registry);
    }

    /** The gauges of one target, once (two URIs differing only in a masked secret share them). */
    void target(DeliveryTarget target) {
        if (!registered.add(target.name())) {
            return;
        }
        String queue = target.queue();
        Gauge.builder("bridge.target.waiting", queues, q -> q.count(queue)).description("Events waiting for the target")
                .tag("target", target.name()).strongReference(true).register(registry);
        Gauge.builder("bridge.target.oldest.waiting.seconds", queues, q -> q.oldestSeconds(queue))
                .description("Age of the oldest event waiting for the target").baseUnit("seconds")
                .tag("target", target.name()).strongReference(true).register(registry);
        Gauge.builder("bridge.target.paused", queues, q -> q.paused(queue) ? 1 : 0)
                .description("1 while the target is paused").tag("target", target.name()).strongReference(true)
                .register(registry);
    }
}
