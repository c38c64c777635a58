package io.webhookbridge.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dead letters to their targets as background jobs, one at a time, with progress. A replay moves each
 * matching entry from the dead-letter queue onto the delivery queue of the target named by its {@code bridgeTargetId},
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
    /** Jobs queued or running at most; another is refused with 409. */
    static final int MAX_PENDING = 5;

    private final QueueControls queues;
    private final String deadLetterQueue;
    private final int batch;
    private final Supplier<Collection<DeliveryTarget>> targets;
    /** One job at a time; its queue is bounded as the jobs are ({@link #start} refuses before it fills). */
    private final ExecutorService worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_PENDING), r -> {
                Thread t = new Thread(r, "bridge-replay");
                t.setDaemon(true);
                return t;
            });
    /** Jobs by id, oldest first; guarded by itself. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();

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

        boolean finished() {
            return finishedAt != null;
        }

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

    /**
     * Starts replaying what the filter matches; the job runs after those started before it. Refused (409) while
     * {@value #MAX_PENDING} jobs are queued or running: each holds a worker slot until done, and an operator retrying a
     * slow replay must not pile up an unbounded queue of them.
     */
    public Job start(DeadLetterFilter filter) {
        Job job = new Job(UUID.randomUUID().toString(), filter.described());
        synchronized (jobs) {
            long pending = jobs.values().stream().filter(j -> !j.finished()).count();
            if (pending >= MAX_PENDING) {
                throw new RefusedCall(409, pending + " replay jobs are queued or running; wait for one to finish "
                        + "(GET /admin/jobs/<id>)");
            }
            jobs.put(job.id, job);
            forgetFinished();
        }
        long cutoff = System.currentTimeMillis();
        try {
            worker.execute(() -> run(job, filter, cutoff));
        } catch (RejectedExecutionException e) {
            // Stopping, or (not expected, start counts first) the queue is full: the job will never run, so forget it.
            synchronized (jobs) {
                jobs.remove(job.id);
            }
            throw new RefusedCall(409, "replay jobs are not taken now; try again later");
        }
        return job;
    }

    /** Keeps at most {@value #KEPT} jobs by forgetting the oldest finished ones; a job still to finish stays. */
    private void forgetFinished() {
        Iterator<Job> oldestFirst = jobs.values().iterator();
        int excess = jobs.size() - KEPT;
        while (excess > 0 && oldestFirst.hasNext()) {
            if (oldestFirst.next().finished()) {
                oldestFirst.remove();
                excess--;
            }
        }
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
            // By the target's id, which the dead letter records: two targets that differ only in a secret share their
            // masked URI (bridgeTarget), and each must get back only its own events.
            Map<String, DeliveryTarget> byId = new LinkedHashMap<>();
            for (DeliveryTarget target : targets.get()) {
                if (target.routed()) {
                    byId.putIfAbsent(target.id(), target);
                }
            }
            List<Map.Entry<DeliveryTarget, String>> moves = new ArrayList<>();
            long replayable = 0;
            for (DeliveryTarget target : byId.values()) {
                String targetFilter = before.and(DeadLetterFilter.TARGET_ID + " = " + DeadLetterFilter.quote(target.id()))
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
