package io.webhookbridge.broker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.OperatingSystemMXBean;

/**
 * A/B of the two {@link EventStore} implementations against one real embedded broker with the bridge's journal
 * settings: each round stores N events through one, then N through the other (alternating which goes first), from
 * {@code callers} single-threaded "event loops" with at most {@code inFlight} unconfirmed events each, and reports
 * process CPU time per event and events per second; median and range over the rounds. Other load on the machine hits
 * both alike because the rounds alternate; the paired ratio per round is the steadiest figure. Run (after {@code mvn -o -q test-compile}):
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.webhookbridge.broker.EventStoreAB [events] [rounds]
 * </pre>
 */
public final class EventStoreAB {

    private static final int CALLERS = 2;
    private static final int IN_FLIGHT_PER_CALLER = 32;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("event-store-ab");
        EmbeddedBroker broker = new EmbeddedBroker(TestBrokerSettings.of(dir, 95,
                "bridge.broker.id-cache-size", "2000000", "bridge.broker.global-max-size-bytes", String.valueOf(64L * 1024 * 1024)));
        broker.start();
        EventStore inProcess = broker.newInProcessEventStore();
        ClientEventStore client = new ClientEventStore(broker);
        ExecutorService[] loops = new ExecutorService[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            int n = i;
            loops[i] = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop-" + n));
        }
        String body = "{\"message_uuid\":\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\",\"to\":\"447700900000\",\"from\":\"447700900001\","
                + "\"channel\":\"sms\",\"message_type\":\"text\",\"text\":\"" + "x".repeat(400) + "\"}";
        Map<String, Object> properties = Map.of("vonageKind", "inbound-message", "vonageChannel", "sms",
                "vonageMessageUuid", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "bridgeEventId", "inbound-message-aaaa",
                "bridgeDedupeKey", "inbound-message:aaaa", "vonageSignatureVerified", true);
        AtomicLong ids = new AtomicLong();
        // Warm-up of both, not counted.
        run(inProcess, loops, events, body, properties, ids);
        run(client, loops, events, body, properties, ids);
        List<double[]> a = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                a.add(run(inProcess, loops, events, body, properties, ids));
                b.add(run(client, loops, events, body, properties, ids));
            } else {
                b.add(run(client, loops, events, body, properties, ids));
                a.add(run(inProcess, loops, events, body, properties, ids));
            }
            System.out.printf("round %d: in-process %.1f us CPU/event %.0f ev/s | client %.1f us CPU/event %.0f ev/s%n", round,
                    a.get(round)[0], a.get(round)[1], b.get(round)[0], b.get(round)[1]);
            broker.server().locateQueue("bridge.staging").deleteAllReferences();
        }
        report("A in-process (internal API)", a);
        report("B core client (public API)", b);
        // Each round's two halves ran back to back, so their ratio cancels much of the machine's other load.
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            ratios[round] = b.get(round)[0] / a.get(round)[0];
        }
        Arrays.sort(ratios);
        System.out.printf("B/A CPU per event, paired by round: median %.2f (range %.2f-%.2f)%n", median(ratios), ratios[0],
                ratios[rounds - 1]);
        client.close();
        for (ExecutorService loop : loops) {
            loop.shutdownNow();
        }
        broker.stop();
    }

    /** Stores {@code events} events; returns {CPU microseconds per event, events per second}. */
    private static double[] run(EventStore store, ExecutorService[] loops, int events, String body,
            Map<String, Object> properties, AtomicLong ids) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        CompletableFuture<?>[] done = new CompletableFuture<?>[loops.length];
        for (int l = 0; l < loops.length; l++) {
            ExecutorService loop = loops[l];
            int share = events / loops.length;
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done[l] = finished;
            Semaphore window = new Semaphore(IN_FLIGHT_PER_CALLER);
            AtomicLong confirmed = new AtomicLong();
            // A feeder thread stands for the requests arriving; each store is called on the loop, as ingress does.
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < share; i++) {
                    window.acquireUninterruptibly();
                    loop.execute(() -> store.store(new EventStore.Event("bridge.staging", body, properties,
                            idOf(ids.incrementAndGet()), 0), loop).whenComplete((outcome, failure) -> {
                                window.release();
                                if (failure != null) {
                                    finished.completeExceptionally(failure);
                                } else if (confirmed.incrementAndGet() == share) {
                                    finished.complete(null);
                                }
                            }));
                }
            });
            feeder.start();
        }
        CompletableFuture.allOf(done).get(10, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        int stored = events / loops.length * loops.length;
        return new double[] {cpu / 1000.0 / stored, stored * 1e9 / elapsed};
    }

    private static byte[] idOf(long n) {
        byte[] id = new byte[16];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (n >>> (8 * i));
        }
        return id;
    }

    private static void report(String name, List<double[]> results) {
        double[] cpu = results.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] rate = results.stream().mapToDouble(r -> r[1]).sorted().toArray();
        System.out.printf("%s: CPU/event median %.1f us (range %.1f-%.1f); throughput median %.0f ev/s (range %.0f-%.0f)%n",
                name, median(cpu), cpu[0], cpu[cpu.length - 1], median(rate), rate[0], rate[rate.length - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private EventStoreAB() {
    }
}
