package io.webhookbridge.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate whatever happened to earlier ones, and its
 * latency is measured from that intended send time (corrects for coordinated omission). One Vert.x event loop
 * sends and receives (asynchronous client, up to {@code connections} keep-alive connections; requests beyond that
 * wait in the client's queue, and that wait counts).
 */
public final class OpenLoop {

    /** Per-request outcome, indexed like the webhook list. */
    public static final class Result {
        public final long[] intendedNanos;
        public final int[] status; // 0 = no answer (error/timeout)
        public final boolean[] accepted; // 200 with "accepted"
        public final boolean[] duplicate; // 200 with "duplicate"
        public final boolean[] failed;
        public final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        public long measuredFrom; // nanoTime: intended sends from here on are in the histogram
        public int errors; // failed: connection refused/reset, timeout
        public int pending; // no answer yet when the phase stopped waiting (client queue not drained: overload)
        public int non2xx;
        public double achievedRate;
        public String firstError;

        Result(int n) {
            intendedNanos = new long[n];
            status = new int[n];
            accepted = new boolean[n];
            duplicate = new boolean[n];
            failed = new boolean[n];
        }

        public int count200() {
            int c = 0;
            for (int s : status) {
                if (s == 200) {
                    c++;
                }
            }
            return c;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;

    public OpenLoop(int connections) {
        vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setTcpNoDelay(true).setConnectTimeout(3000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        vertx.close();
    }

    /**
     * Sends {@code hooks} at {@code rate}/s to 127.0.0.1:port; the first {@code warmupSeconds} are not in the
     * histogram. Waits at most {@code drainSeconds} after the last send for the answers.
     */
    public Result run(int port, List<Webhooks.Webhook> hooks, double rate, double warmupSeconds, int drainSeconds)
            throws InterruptedException {
        int n = hooks.size();
        Result r = new Result(n);
        CountDownLatch done = new CountDownLatch(n);
        Context ctx = vertx.getOrCreateContext();
        long period = (long) (1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        r.measuredFrom = start + (long) (warmupSeconds * 1e9);
        int i = 0;
        while (i < n) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait - 20_000);
                continue;
            }
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            // everything due by now goes out in one hop to the event loop
            int from = i;
            long now = System.nanoTime();
            while (i < n && start + i * period <= now) {
                r.intendedNanos[i] = start + i * period;
                i++;
            }
            int to = i;
            ctx.runOnContext(v -> {
                for (int k = from; k < to; k++) {
                    send(port, hooks.get(k), k, r, done);
                }
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        r.achievedRate = n / Math.max(sendSeconds, 1e-9);
        if (!done.await(drainSeconds, TimeUnit.SECONDS)) {
            // unanswered requests stay status 0
            ctx.runOnContext(v -> { });
        }
        // read the counters on the event loop to see a consistent state
        CountDownLatch read = new CountDownLatch(1);
        ctx.runOnContext(v -> {
            for (int k = 0; k < n; k++) {
                if (r.failed[k]) {
                    r.errors++;
                } else if (r.status[k] == 0) {
                    r.pending++;
                } else if (r.status[k] < 200 || r.status[k] > 299) {
                    r.non2xx++;
                }
            }
            read.countDown();
        });
        read.await(5, TimeUnit.SECONDS);
        return r;
    }

    private void send(int port, Webhooks.Webhook hook, int k, Result r, CountDownLatch done) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        if (hook.authorization() != null) {
            headers.add("Authorization", hook.authorization());
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(hook.path()).setIdleTimeout(15_000).setHeaders(headers);
        client.request(options)
                .compose(req -> req.send(Buffer.buffer(hook.body())))
                .compose(resp -> resp.body().map(body -> {
                    int sc = resp.statusCode();
                    String text = body.toString();
                    r.status[k] = sc;
                    r.accepted[k] = sc == 200 && text.contains("accepted");
                    r.duplicate[k] = sc == 200 && text.contains("duplicate");
                    if ((sc < 200 || sc > 299) && r.firstError == null) {
                        r.firstError = sc + " " + text;
                    }
                    return sc;
                }))
                .onComplete(ar -> {
                    long end = System.nanoTime();
                    long intended = r.intendedNanos[k];
                    if (ar.failed()) {
                        r.failed[k] = true;
                        if (r.firstError == null) {
                            r.firstError = String.valueOf(ar.cause());
                        }
                    } else if (intended >= r.measuredFrom) {
                        r.histogram.recordValue(Math.min(end - intended, r.histogram.getHighestTrackableValue()));
                    }
                    done.countDown();
                });
    }
}
