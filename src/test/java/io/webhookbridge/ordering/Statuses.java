package io.webhookbridge.ordering;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.webhookbridge.BridgeRunner;

/**
 * Posts Messages API statuses as signed webhooks: several senders at once, each interleaving a few messages at a time
 * at random, but each message's statuses one after the other, the next only once the bridge answered the previous
 * one. So every message's arrival order is known, while the messages' events are mixed closely on the queues.
 */
final class Statuses {

    private static final int SENDERS = 8;
    private static final int MESSAGES_AT_ONCE = 3;

    private Statuses() {
    }

    static String body(String uuid, String status, int second) {
        return "{\"message_uuid\":\"" + uuid + "\",\"to\":\"447700900123\",\"from\":\"447700900777\",\"timestamp\":\"2025-06-02T11:00:"
                + String.format("%02d", second % 60) + ".000Z\",\"status\":\"" + status + "\",\"channel\":\"whatsapp\"}";
    }

    /** Posts every message's statuses in the plan's order (message uuid → its statuses); fails on any answer but 200. */
    static void post(BridgeRunner bridge, Map<String, List<String>> plan, long seed) throws Exception {
        List<List<String>> perSender = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            perSender.add(new ArrayList<>());
        }
        int n = 0;
        for (String uuid : plan.keySet()) {
            perSender.get(n++ % SENDERS).add(uuid);
        }
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                List<String> mine = perSender.get(i);
                Random random = new Random(seed + i);
                running.add(senders.submit(() -> {
                    for (int from = 0; from < mine.size(); from += MESSAGES_AT_ONCE) {
                        Map<String, Integer> next = new LinkedHashMap<>();
                        mine.subList(from, Math.min(mine.size(), from + MESSAGES_AT_ONCE)).forEach(u -> next.put(u, 0));
                        while (!next.isEmpty()) {
                            List<String> open = new ArrayList<>(next.keySet());
                            String uuid = open.get(random.nextInt(open.size()));
                            int index = next.get(uuid);
                            var answer = bridge.postSigned("/webhooks/message-status", body(uuid, plan.get(uuid).get(index), index));
                            if (answer.statusCode() != 200 || !answer.body().contains("accepted")) {
                                throw new IllegalStateException("status " + index + " of " + uuid + ": " + answer.statusCode() + " "
                                        + answer.body());
                            }
                            if (index + 1 == plan.get(uuid).size()) {
                                next.remove(uuid);
                            } else {
                                next.put(uuid, index + 1);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** The status of a file a file target wrote for a message-status event: "message-status-&lt;uuid&gt;_&lt;status&gt;.json". */
    static String[] uuidAndStatus(String fileName) {
        String id = fileName.substring("message-status-".length(), fileName.length() - ".json".length());
        int cut = id.lastIndexOf('_');
        return new String[] {id.substring(0, cut), id.substring(cut + 1)};
    }
}
