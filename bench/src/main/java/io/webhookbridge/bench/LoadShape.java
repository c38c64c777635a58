package io.webhookbridge.bench;

/** How much load each phase sends: a few seconds for --smoke, minutes for a full run. */
final class LoadShape {

    /** The rate whose p99 and end-to-end latency the report judges. */
    static final double TARGET_RATE = 2000;

    final double[] rates;
    final double phaseSeconds;
    /** The first seconds of each open-loop phase, not recorded. */
    final double phaseWarmup;
    final double warmupRate;
    final double warmupSeconds;
    final int wrkSeconds;
    final int wrkConnections = 64;
    /** Unique webhooks signed for the bridge's measured wrk run. */
    final int wrkUniqueBridge;
    /** wrk's own warm-up before the measured saturation run, with other unique webhooks (0: none). */
    final int wrkWarmSeconds;
    final int wrkWarmUniqueBridge;

    private LoadShape(double[] rates, double phaseSeconds, double phaseWarmup, double warmupRate, double warmupSeconds,
            int wrkSeconds, int wrkUniqueBridge, int wrkWarmSeconds, int wrkWarmUniqueBridge) {
        this.rates = rates;
        this.phaseSeconds = phaseSeconds;
        this.phaseWarmup = phaseWarmup;
        this.warmupRate = warmupRate;
        this.warmupSeconds = warmupSeconds;
        this.wrkSeconds = wrkSeconds;
        this.wrkUniqueBridge = wrkUniqueBridge;
        this.wrkWarmSeconds = wrkWarmSeconds;
        this.wrkWarmUniqueBridge = wrkWarmUniqueBridge;
    }

    static LoadShape of(boolean smoke) {
        return smoke
                ? new LoadShape(new double[] {200, 500}, 1.5, 0.3, 200, 0.5, 1, 30_000, 0, 0)
                : new LoadShape(new double[] {500, 2000, 5000}, 10, 2, 2000, 6, 10, 200_000, 5, 100_000);
    }

    /** The rate of the last open-loop phase. */
    double lastRate() {
        return rates[rates.length - 1];
    }
}
