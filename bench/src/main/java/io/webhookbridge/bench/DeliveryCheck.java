package io.webhookbridge.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.HdrHistogram.Histogram;

import static io.webhookbridge.bench.Log.log;

/**
 * The exactly-once check and the end-to-end latency: which webhooks the bridge accepted, which arrived on its target
 * queues, how often and how late. Open-loop events are checked one by one; wrk's (whose answers are not known one by one)
 * by count.
 */
final class DeliveryCheck implements OpenLoopPhases.Listener {

    private final LoadShape load;
    private final boolean smoke;
    private final TargetConsumer consumer;
    /** Open-loop events answered "accepted": key -> intended send time. */
    private final Map<String, Long> intendedByKey = new HashMap<>();
    private final Map<String, Double> rateByKey = new HashMap<>();
    private final Set<String> sentNotAccepted = new HashSet<>();
    /** The keys of every webhook signed for wrk, warm-up included. */
    final Set<String> wrkKeys = new HashSet<>();

    DeliveryCheck(LoadShape load, boolean smoke, TargetConsumer consumer) {
        this.load = load;
        this.smoke = smoke;
        this.consumer = consumer;
    }

    @Override
    public void answered(List<Webhooks.Webhook> hooks, OpenLoop.Result r, double rate) {
        for (int i = 0; i < hooks.size(); i++) {
            if (r.accepted[i]) {
                intendedByKey.put(hooks.get(i).key(), r.intendedNanos[i]);
                rateByKey.put(hooks.get(i).key(), rate);
            } else {
                sentNotAccepted.add(hooks.get(i).key());
            }
        }
    }

    /** Waits (at most 20 s) for every accepted open-loop event; in --smoke one still missing is a problem. */
    void awaitOpenLoopEvents() throws InterruptedException {
        log("waiting for the open-loop events on the target queues");
        waitArrivals(() -> intendedByKey.keySet().stream().allMatch(consumer.arrivals::containsKey), 20);
        long openMissing = intendedByKey.keySet().stream().filter(k -> !consumer.arrivals.containsKey(k)).count();
        if (smoke && openMissing > 0) {
            Problems.problem(openMissing + " of " + intendedByKey.size() + " accepted open-loop events had not arrived on the target 20 s after they were sent");
        }
    }

    /** After the saturation run (m.wrkAccepted known): waits for the backlog to arrive, measuring the drain rate. */
    void awaitDrain(Measure m) throws InterruptedException {
        long arrivedAtWrkEnd = consumer.total.get();
        log("waiting for the target queues to drain");
        m.drainSeconds = waitArrivals(() -> {
            long arrivedOpen = intendedByKey.keySet().stream().filter(consumer.arrivals::containsKey).count();
            return arrivedOpen >= intendedByKey.size() && consumer.total.get() - arrivedOpen >= m.wrkAccepted;
        }, smoke ? 15 : 30);
        m.deliveryRate = (consumer.total.get() - arrivedAtWrkEnd) / Math.max(0.001, m.drainSeconds);
    }

    /** What is still queued on the given queues at the end (browsed, not consumed). */
    void readQueueDepths(Measure m, List<String> queues) {
        m.pending = 0;
        StringBuilder depth = new StringBuilder();
        for (String q : queues) {
            long c = consumer.browseCount(q);
            depth.append(q).append('=').append(c).append(' ');
            m.pending += Math.max(0, c);
        }
        m.queueDepths = depth.toString().trim();
        log("queue depths at the end: " + m.queueDepths);
    }

    /** Counts missing, repeated and unexpected events and the end-to-end latency; adds the problems and notes. */
    void check(Measure m) {
        m.expected = intendedByKey.size();
        Histogram e2e = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
        for (Map.Entry<String, Long> e : intendedByKey.entrySet()) {
            long[] a = consumer.arrivals.get(e.getKey());
            double rate = rateByKey.get(e.getKey());
            if (a == null) {
                m.missing++;
            } else if (rate == LoadShape.TARGET_RATE || (smoke && rate == load.lastRate())) {
                e2e.recordValue(Math.max(0, Math.min(a[1] - e.getValue(), e2e.getHighestTrackableValue())));
            }
        }
        for (Map.Entry<String, long[]> e : consumer.arrivals.entrySet()) {
            if (e.getValue()[0] > 1) {
                m.duplicated++;
            }
            if (wrkKeys.contains(e.getKey())) {
                m.wrkArrived++;
            } else if (sentNotAccepted.contains(e.getKey())) {
                m.arrivedUnanswered++;
            } else if (!intendedByKey.containsKey(e.getKey())) {
                m.unexpected++;
            }
        }
        m.e2eCount = e2e.getTotalCount();
        if (m.e2eCount > 0) {
            m.e2eP50Ms = e2e.getValueAtPercentile(50) / 1e6;
            m.e2eP99Ms = e2e.getValueAtPercentile(99) / 1e6;
            m.e2eMaxMs = e2e.getMaxValue() / 1e6;
        }
        m.dlq = consumer.browseCount("bridge.dlq");
        judge(m);
    }

    private void judge(Measure m) {
        if (consumer.unknownShape.get() > 0) {
            Problems.problem(consumer.unknownShape.get() + " target messages without a vonageMessageUuid property");
        }
        long notArrived = m.missing + Math.max(0, m.wrkAccepted - m.wrkArrived);
        if (notArrived > m.pending) {
            Problems.problem((notArrived - m.pending) + " accepted events neither arrived on the target nor are still queued (lost?): "
                    + m.missing + " of " + m.expected + " open-loop events missing, saturation " + m.wrkArrived + "/" + m.wrkAccepted
                    + " arrived, " + m.pending + " still queued");
        } else if (notArrived > 0) {
            Problems.note(notArrived + " accepted events had not arrived on the target " + Math.round(m.drainSeconds)
                    + " s after the load stopped; " + m.pending + " messages still queued (" + m.queueDepths
                    + "): delivery to the targets is slower than ingress");
        }
        if (m.duplicated > 0) {
            Problems.problem(m.duplicated + " events arrived on the target more than once");
        }
        if (m.unexpected > 0) {
            Problems.problem(m.unexpected + " events arrived that were never accepted by an open-loop phase or sent by wrk");
        }
        if (m.arrivedUnanswered > 0) {
            Problems.note(m.arrivedUnanswered + " events arrived on the target whose request had not been answered 200 when the"
                    + " harness stopped waiting (stored late; Vonage would have retried them, and the dedupe id drops the retry)");
        }
        if (m.dlq > 0) {
            Problems.problem(m.dlq + " messages on bridge.dlq");
        }
    }

    /** Waits until done, at most maxSeconds, or until nothing arrived for 15 s; returns the seconds waited. */
    private double waitArrivals(BooleanSupplier done, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long last = -1;
        long lastProgress = start;
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            long total = consumer.total.get();
            if (total != last) {
                last = total;
                lastProgress = now;
            }
            if (now - lastProgress > TimeUnit.SECONDS.toNanos(15) || now - start > TimeUnit.SECONDS.toNanos(maxSeconds)) {
                break;
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
