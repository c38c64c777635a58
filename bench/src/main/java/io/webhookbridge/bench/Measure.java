package io.webhookbridge.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What was measured for one server; the phases fill it in, the report reads it. */
final class Measure {
    final String name;
    long readyMs = -1;
    double satRps;
    long satAccepted;
    long satDuplicate;
    long satOther;
    long satSocketErrors;
    long satRequests;
    long satWraps;
    double satDurationS;
    double satP50Ms;
    double satP99Ms;
    final Map<Double, OpenLoop.Result> latency = new LinkedHashMap<>();
    long rssMaxKb;
    long hwmKb;
    // bridge only
    double e2eP50Ms = -1;
    double e2eP99Ms = -1;
    double e2eMaxMs = -1;
    long e2eCount;
    long expected;
    long missing;
    long duplicated;
    long unexpected;
    long wrkAccepted;
    long wrkArrived;
    long dlq = -1;
    double drainSeconds;
    double deliveryRate;
    long pending = -1;
    long arrivedUnanswered;
    String queueDepths = "";
    String cpuSplit;
    String logSummary;
    String jfrTop;

    Measure(String name) {
        this.name = name;
    }

    boolean isBridge() {
        return "bridge".equals(name);
    }
}
