package io.webhookbridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

import static io.webhookbridge.bench.Log.log;

/** The ack-latency phases: a warm-up, then one open-loop phase per rate of the load shape, each with fresh webhooks. */
final class OpenLoopPhases {

    /** Told, after each phase, which webhooks it sent and how each was answered. */
    interface Listener {
        /** rate is NaN for the warm-up phase. */
        void answered(List<Webhooks.Webhook> hooks, OpenLoop.Result r, double rate);
    }

    private final LoadShape load;
    private final String secret;

    OpenLoopPhases(LoadShape load, String secret) {
        this.load = load;
        this.secret = secret;
    }

    void run(Measure m, int port, Listener listener) throws InterruptedException {
        OpenLoop loop = new OpenLoop(load.wrkConnections);
        Webhooks gen = new Webhooks(secret, System.nanoTime());
        try {
            List<double[]> phases = new ArrayList<>();
            phases.add(new double[] {load.warmupRate, load.warmupSeconds, load.warmupSeconds});
            for (double r : load.rates) {
                phases.add(new double[] {r, load.phaseSeconds, load.phaseWarmup});
            }
            boolean first = true;
            for (double[] ph : phases) {
                double rate = ph[0];
                int n = (int) Math.round(rate * ph[1]);
                List<Webhooks.Webhook> hooks = gen.generate(n); // signed now, just before sending
                // The phase's webhooks (~2 KB each) are live through the phase: without this they are copied by the
                // harness's first young collections inside the phase (pauses counted as server latency).
                System.gc();
                log(m.name + ": open loop " + (first ? "warm-up " : "") + (int) rate + " req/s for " + ph[1] + " s");
                OpenLoop.Result r = loop.run(port, hooks, rate, ph[2], 30);
                judge(m, rate, r);
                if (listener != null) {
                    // The warm-up runs at the target rate too, on a cold JVM: it counts for the exactly-once check, not
                    // for the end-to-end latency of that rate (NaN matches no rate).
                    listener.answered(hooks, r, first ? Double.NaN : rate);
                }
                if (!first) {
                    m.latency.put(rate, r);
                    Histogram h = r.histogram;
                    log(String.format(Locale.ROOT, "  p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f ms, achieved %.0f/s, %d non-2xx, %d errors",
                            ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6, r.achievedRate, r.non2xx, r.errors));
                }
                first = false;
            }
        } finally {
            loop.close();
        }
    }

    private static void judge(Measure m, double rate, OpenLoop.Result r) {
        if (r.pending > 0) {
            Problems.note(m.name + " at " + (int) rate + " req/s: " + r.pending + " requests still unanswered 30 s after the"
                    + " phase (overload: the client queue had not drained); not counted as accepted");
        }
        int bad = r.errors + r.non2xx;
        if (bad > 0) {
            Problems.problem(m.name + " at " + (int) rate + " req/s: " + r.non2xx + " non-2xx, " + r.errors
                    + " errors/timeouts (first: " + r.firstError + ")");
        }
        int dups = 0;
        for (boolean d : r.duplicate) {
            dups += d ? 1 : 0;
        }
        if (dups > 0) {
            Problems.problem(m.name + " at " + (int) rate + " req/s: " + dups + " unique webhooks answered \"duplicate\"");
        }
    }

    /** A percentile in milliseconds, NaN for an empty histogram. */
    static double ms(Histogram h, double pct) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(pct) / 1e6;
    }
}
