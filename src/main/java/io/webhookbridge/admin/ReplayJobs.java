package io.webhookbridge.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dead letters to their targets as background jobs, one at a time, with progress. A replay moves each
 * matching entry from the dead-letter queue onto the delivery queue of the target named by its {@code bridgeTarget},
 * with Artemis's {@link QueueControl#moveMessages}: each event is removed from the dead-letter queue in the journal
 * transaction that adds it to the delivery queue, so a crash at any moment leaves it in exactly one of them. The moved
 * copy keeps its properties ({@code bridgeEventId} too) and, being a new delivery, its redelivery count starts at zero:
 * it gets every retry again. Only entries dead-lettered before the job started are moved, so an event that fails again
 * during the job is not replayed twice by it.
 */
public final class ReplayJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayJobs.class);
    /** Finished jobs kept for GET /admin/jobs/<id>. */
    private static final int KEPT = 100;

    private final QueueControls queues;
    private final String deadLetterQueue;
    private final int batch;
    private final Supplier<Collection<DeliveryTarget>> targets;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bridge-replay");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > KEPT;
        }
    };

    /** A replay's progress. */
    public static final class Job {
        private final String id;
        private final Map<String, String> filter;
        private final Instant startedAt = Instant.now();
        private final AtomicLong matched = new AtomicLong();
        private final AtomicLong replayed = new AtomicLong();
        private final AtomicLong notReplayable = new AtomicLong();
        private volatile String state = "queued";
        private volatile String error;
        private volatile Instant finishedAt;

        Job(String id, Map<String, String> filter) {
            this.id = id;
            this.filter = filter;
        }

        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("kind", "replay");
            out.put("state", state);
            out.put("filter", filter);
            out.put("matched", matched.get());
            out.put("replayed", replayed.get());
            out.put("notReplayable", notReplayable.get());
            out.put("startedAt", startedAt.toString());
            out.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            out.put("error", error);
            return out;
        }
    }

    ReplayJobs(QueueControls queues, String deadLetterQueue, int batch, Supplier<Collection<DeliveryTarget>> targets) {
        this.queues = queues;
        this.deadLetterQueue = deadLetterQueue;
        this.batch = batch;
        this.targets = targets;
    }

    /** Starts replaying what the filter matches; the job runs after those started before it. */
    public Job start(DeadLetterFilter filter) {
        Job job = new Job(UUID.randomUUID().toString(), filter.described());
        synchronized (jobs) {
            jobs.put(job.id, job);
        }
        long cutoff = System.currentTimeMillis();
        worker.execute(() -> run(job, filter, cutoff));
        return job;
    }

    public Job get(String id) {
        synchronized (jobs) {
            return jobs.get(id);
        }
    }

    void stop() {
        worker.shutdownNow();
    }

    private void run(Job job, DeadLetterFilter filter, long cutoff) {
        job.state = "running";
        try {
            QueueControl dlq = queues.get(deadLetterQueue);
            DeadLetterFilter before = filter.and(DeadLetterFilter.STAGE + " = 'delivery'", "AMQTimestamp <= " + cutoff);
            // One target per masked URI: that is all a dead letter records of its target.
            Map<String, DeliveryTarget> byName = new LinkedHashMap<>();
            for (DeliveryTarget target : targets.get()) {
                if (target.routed()) {
                    byName.putIfAbsent(target.name(), target);
                }
            }
            List<Map.Entry<DeliveryTarget, String>> moves = new ArrayList<>();
            long replayable = 0;
            for (DeliveryTarget target : byName.values()) {
                String targetFilter = before.and(DeadLetterFilter.TARGET + " = " + DeadLetterFilter.quote(target.name()))
                        .artemisFilter();
                replayable += dlq.countMessages(targetFilter);
                moves.add(Map.entry(target, targetFilter));
            }
            long matched = dlq.countMessages(filter.and("AMQTimestamp <= " + cutoff).artemisFilter());
            job.matched.set(matched);
            job.notReplayable.set(Math.max(0, matched - replayable));
            for (Map.Entry<DeliveryTarget, String> move : moves) {
                int moved;
                do {
                    moved = dlq.moveMessages(batch, move.getValue(), move.getKey().queue(), false, batch);
                    job.replayed.addAndGet(moved);
                } while (moved > 0 && !Thread.currentThread().isInterrupted());
            }
            job.state = "done";
            LOG.info("Replay {} moved {} dead letters back to their targets' queues ({} matched, {} not replayable: "
                    + "refused webhooks or unknown targets); filter {}", job.id, job.replayed.get(), matched,
                    job.notReplayable.get(), job.filter);
        } catch (Exception e) {
            job.state = "failed";
            job.error = e.getMessage();
            LOG.warn("Replay {} failed after moving {} dead letters: {}", job.id, job.replayed.get(), e.toString());
        } finally {
            job.finishedAt = Instant.now();
        }
    }
}
