package io.webhookbridge.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.webhookbridge.bus.BusForwarding;
import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import io.webhookbridge.observe.DataDiskUsage;
import io.webhookbridge.observe.InvalidSignatures;
import io.webhookbridge.observe.RecentCounts;
import io.webhookbridge.observe.WebhookMeters;
import io.webhookbridge.observe.WebhookOutcome;

/**
 * {@code GET /admin/overview}: is traffic coming in, being refused, piling up? Webhooks per minute of the last hour by
 * outcome, the ack latency p99 of the last 5 minutes, the last invalid signature, the bus, the data disk, and the
 * counts of dead letters, targets and paused targets. Everything is read from what the bridge keeps anyway (the
 * webhook meters' rings, the broker's queue counts), so a call costs a few queue lookups.
 */
final class Overview {

    /** The outcomes shown per minute, in this order. */
    private static final WebhookOutcome[] OUTCOMES = {WebhookOutcome.ACCEPTED, WebhookOutcome.DUPLICATE,
        WebhookOutcome.INVALID_SIGNATURE, WebhookOutcome.UNSIGNED, WebhookOutcome.INVALID_PAYLOAD,
        WebhookOutcome.TOO_LARGE, WebhookOutcome.OVERLOADED, WebhookOutcome.NOT_STORED};

    private final WebhookMeters webhooks;
    private final InvalidSignatures invalidSignatures;
    private final BusForwarding bus;
    private final String dataDir;
    private final double diskLimitPercent;
    private final QueueControls queues;
    private final String deadLetterQueue;
    private final TargetDeliveries deliveries;

    /** @param bus null when no external bus is configured */
    Overview(WebhookMeters webhooks, InvalidSignatures invalidSignatures, BusForwarding bus, String dataDir,
            double diskLimitPercent, QueueControls queues, String deadLetterQueue, TargetDeliveries deliveries) {
        this.webhooks = webhooks;
        this.invalidSignatures = invalidSignatures;
        this.bus = bus;
        this.dataDir = dataDir;
        this.diskLimitPercent = diskLimitPercent;
        this.queues = queues;
        this.deadLetterQueue = deadLetterQueue;
        this.deliveries = deliveries;
    }

    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhooksPerMinute", perMinute(webhooks.perMinute()));
        out.put("ackLatencyP99Ms", webhooks.recentAckP99Millis());
        out.put("lastInvalidSignature", invalidSignatures.last());

        Map<String, Object> busState = new LinkedHashMap<>();
        busState.put("configured", bus != null);
        busState.put("connected", bus == null ? null : bus.isConnected());
        busState.put("backlog", bus == null ? null : bus.backlog());
        out.put("bus", busState);

        Map<String, Object> disk = new LinkedHashMap<>();
        double used = DataDiskUsage.usedRatio(dataDir);
        disk.put("usedPercent", Double.isNaN(used) ? null : Math.round(used * 10_000) / 100.0);
        disk.put("limitPercent", diskLimitPercent);
        out.put("disk", disk);

        List<DeliveryTarget> targets = deliveries.targets();
        out.put("deadLetters", queues.count(deadLetterQueue));
        out.put("targets", targets.size());
        out.put("pausedTargets", targets.stream().filter(t -> queues.paused(t.queue())).count());
        return out;
    }

    /** One entry per minute of the ring, oldest first, the current minute last. */
    private static List<Map<String, Object>> perMinute(RecentCounts counts) {
        List<Map<String, Object>> minutes = new ArrayList<>(counts.slots());
        long current = counts.currentSlotStart();
        for (int ago = counts.slots() - 1; ago >= 0; ago--) {
            Map<String, Object> minute = new LinkedHashMap<>();
            minute.put("minute", current - ago * counts.slotMillis());
            for (WebhookOutcome outcome : OUTCOMES) {
                minute.put(outcome.label(), counts.count(ago, outcome.ordinal()));
            }
            minutes.add(minute);
        }
        return minutes;
    }
}
