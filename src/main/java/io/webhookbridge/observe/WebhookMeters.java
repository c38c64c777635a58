package io.webhookbridge.observe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The webhook port's meters: {@code bridge.webhooks} (answers by endpoint and outcome) and {@code bridge.ack.latency}
 * (from the complete request to its answer written, by endpoint). Every counter and timer is made here, once, in a
 * fixed table: recording on the event loop is an array lookup and an atomic add, with no registry lookup and no
 * allocation. For the admin overview it also keeps the answers per minute of the last hour by outcome and the ack
 * latencies of the last 5 minutes, in rings of the same kind.
 */
public final class WebhookMeters {

    /** Buckets of the ack latency histogram: a stored event is answered in milliseconds, 10 s is the request timeout. */
    private static final Duration[] ACK_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Counter[][] answers;
    private final Timer[] ackLatency;
    private final RecentCounts perMinute = new RecentCounts(60, 60_000, WebhookOutcome.values().length);
    private final AckLatencyWindow recentAcks = new AckLatencyWindow();

    public WebhookMeters(MeterRegistry registry) {
        WebhookEndpoint[] endpoints = WebhookEndpoint.values();
        WebhookOutcome[] outcomes = WebhookOutcome.values();
        answers = new Counter[endpoints.length][outcomes.length];
        ackLatency = new Timer[endpoints.length];
        for (WebhookEndpoint endpoint : endpoints) {
            for (WebhookOutcome outcome : outcomes) {
                answers[endpoint.ordinal()][outcome.ordinal()] = Counter.builder("bridge.webhooks")
                        .description("Webhook requests answered, by endpoint and outcome")
                        .tag("endpoint", endpoint.label()).tag("outcome", outcome.label())
                        .register(registry);
            }
            ackLatency[endpoint.ordinal()] = Timer.builder("bridge.ack.latency")
                    .description("Time from a webhook request received in full to its answer written")
                    .tag("endpoint", endpoint.label())
                    .serviceLevelObjectives(ACK_BUCKETS)
                    .register(registry);
        }
    }

    /** Meters that record nothing: for an HTTP engine started without a registry (tests of the engine alone). */
    public static WebhookMeters none() {
        return new WebhookMeters(new CompositeMeterRegistry());
    }

    public void answered(WebhookEndpoint endpoint, WebhookOutcome outcome) {
        answers[endpoint.ordinal()][outcome.ordinal()].increment();
        perMinute.increment(outcome.ordinal());
    }

    public void acknowledged(WebhookEndpoint endpoint, long nanos) {
        ackLatency[endpoint.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        recentAcks.record(nanos);
    }

    /** Answers per minute of the last hour, by outcome ({@link RecentCounts#count}: series = outcome's ordinal). */
    public RecentCounts perMinute() {
        return perMinute;
    }

    /** The ack latency p99 of the last 5 minutes in milliseconds; null when nothing was answered in them. */
    public Double recentAckP99Millis() {
        return recentAcks.p99Millis();
    }
}
