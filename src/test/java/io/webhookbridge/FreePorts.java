package io.webhookbridge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Ports that are free now, for servers that the tests start a moment later (bridges, brokers, target servers). Taken below the kernel's ephemeral range (Linux 32768-60999, others higher): a port the kernel picked
 * ({@code ServerSocket(0)}) could be taken, before the server binds it, as the local port of an outgoing connection,
 * e.g. a bridge's own connection to the bus broker (seen once in CI as "Address already in use"). Each port is handed
 * out once per JVM.
 */
public final class FreePorts {

    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port between 20000 and 31999");
    }
}
