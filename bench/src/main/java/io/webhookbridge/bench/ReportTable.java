package io.webhookbridge.bench;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/** The results table that the console and docs/benchmarks.md show. */
final class ReportTable {

    private final LoadShape load;
    private final boolean smoke;

    ReportTable(LoadShape load, boolean smoke) {
        this.load = load;
        this.smoke = smoke;
    }

    /** The results as a Markdown table, baseline beside bridge, each target judged PASS or MISS. */
    String table(Measure b, Measure g) {
        StringBuilder t = new StringBuilder();
        t.append("| Measure | Baseline (bare Camel platform-http) | Bridge | Bridge / baseline | Target | Result |\n");
        t.append("|---|---|---|---|---|---|\n");
        row(t, "Time from `java @config/jvm.options -jar` to ready", b.readyMs + " ms", g.readyMs + " ms", "", "≤ 3 s",
                g.readyMs >= 0 && g.readyMs <= 3000);
        String satTarget = "≥ 15,000 req/s and ≥ 0.3× baseline";
        double ratio = b.satRps > 0 ? g.satRps / b.satRps : Double.NaN;
        row(t, "Saturation, req/s answered 200 (wrk -t1 -c" + load.wrkConnections + ", " + load.wrkSeconds + " s; the load generator gets one thread)",
                f0(b.satRps), f0(g.satRps), String.format(Locale.ROOT, "%.2f×", ratio), satTarget,
                g.satRps >= 15_000 && ratio >= 0.3 && g.satOther == 0 && g.satSocketErrors == 0);
        row(t, "Saturation: non-200 / socket errors+timeouts", b.satOther + " / " + b.satSocketErrors,
                g.satOther + " / " + g.satSocketErrors, "", "0", null);
        row(t, "Saturation latency p50 / p99 (wrk, closed loop, for information)", f2(b.satP50Ms) + " / " + f2(b.satP99Ms) + " ms",
                f2(g.satP50Ms) + " / " + f2(g.satP99Ms) + " ms", "", "", null);
        for (double rate : load.rates) {
            OpenLoop.Result rb = b.latency.get(rate);
            OpenLoop.Result rg = g.latency.get(rate);
            boolean target = rate == LoadShape.TARGET_RATE;
            Boolean ok = null;
            if (target) {
                ok = rg != null && rg.histogram.getTotalCount() > 0 && OpenLoopPhases.ms(rg.histogram, 99) <= 15 && rg.errors == 0 && rg.non2xx == 0;
            }
            row(t, "Ack latency at " + (int) rate + " req/s, p50 / p90 / p99 / p99.9 (open loop, from intended send time)",
                    lat(rb), lat(rg), rb != null && rg != null ? String.format(Locale.ROOT, "p99 %.1f×",
                            OpenLoopPhases.ms(rg.histogram, 99) / OpenLoopPhases.ms(rb.histogram, 99)) : "",
                    target ? "p99 ≤ 15 ms" : "", ok);
        }
        String e2eRate = smoke ? String.valueOf((int) load.lastRate()) : String.valueOf((int) LoadShape.TARGET_RATE);
        row(t, "End to end, POST to arrival on vonage.inbound / vonage.status at " + e2eRate + " req/s, p50 / p99 / max",
                "n/a", g.e2eCount > 0 ? f2(g.e2eP50Ms) + " / " + f2(g.e2eP99Ms) + " / " + f2(g.e2eMaxMs) + " ms (" + g.e2eCount + " events)" : "n/a",
                "", "", null);
        boolean countOk = g.expected > 0 && g.missing == 0 && g.duplicated == 0 && g.unexpected == 0
                && g.wrkArrived >= g.wrkAccepted;
        row(t, "Accepted events on the target exactly once", "n/a",
                String.format(Locale.ROOT, "open loop: %d/%d arrived; saturation%s: %d/%d arrived; twice: %d; unexpected: %d; arrived though unanswered: %d; bridge.dlq: %d; still queued at the end: %d",
                        g.expected - g.missing, g.expected, load.wrkWarmSeconds > 0 ? " and its warm-up" : "", g.wrkArrived, g.wrkAccepted, g.duplicated, g.unexpected, g.arrivedUnanswered, g.dlq, g.pending),
                "", "100 %, none twice", countOk);
        row(t, "Delivery to the targets after the saturation phase (backlog drain rate)", "n/a",
                String.format(Locale.ROOT, "%.0f events/s over %.0f s", g.deliveryRate, g.drainSeconds), "", "", null);
        row(t, "RSS under load, max VmRSS / VmHWM", mb(b.rssMaxKb) + " / " + mb(b.hwmKb), mb(g.rssMaxKb) + " / " + mb(g.hwmKb),
                b.rssMaxKb > 0 ? String.format(Locale.ROOT, "%.1f×", (double) g.rssMaxKb / b.rssMaxKb) : "", "≤ 400 MB",
                g.rssMaxKb > 0 && Math.max(g.rssMaxKb, g.hwmKb) <= 400 * 1024);
        return t.toString();
    }

    static String lat(OpenLoop.Result r) {
        if (r == null || r.histogram.getTotalCount() == 0) {
            return "n/a";
        }
        Histogram h = r.histogram;
        String s = String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", OpenLoopPhases.ms(h, 50), OpenLoopPhases.ms(h, 90), OpenLoopPhases.ms(h, 99), OpenLoopPhases.ms(h, 99.9));
        if (r.non2xx + r.errors + r.pending > 0) {
            s += " (" + r.non2xx + " non-2xx, " + r.errors + " errors, " + r.pending + " unanswered)";
        }
        if (r.achievedRate < 0.97 * (r.intendedNanos.length / 1.0) / Math.max(1e-9, (r.intendedNanos[r.intendedNanos.length - 1] - r.intendedNanos[0]) / 1e9)) {
            s += String.format(Locale.ROOT, " (sent %.0f/s)", r.achievedRate);
        }
        return s;
    }

    static void row(StringBuilder t, String what, String base, String bridge, String ratio, String target, Boolean ok) {
        t.append("| ").append(what).append(" | ").append(base).append(" | ").append(bridge).append(" | ").append(ratio)
                .append(" | ").append(target).append(" | ").append(ok == null ? "" : ok ? "PASS" : "**MISS**").append(" |\n");
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String mb(long kb) {
        return kb <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }
}
