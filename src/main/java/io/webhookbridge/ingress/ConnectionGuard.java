package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.webhookbridge.ingress.BreachLog.Breach;

/**
 * Admits connections: one from an address that already has the maximum open is closed at once, before it can send
 * anything; each admitted one gets its {@link ReceiveDeadline}. Keeps, per open connection, what requests on it
 * need: the TCP peer and the deadline.
 */
final class ConnectionGuard {

    record Admitted(InetAddress peer, ReceiveDeadline deadline) {
    }

    private final Vertx vertx;
    private final long receiveTimeoutMillis;
    private final long idleTimeoutMillis;
    private final ConnectionsPerAddress perAddress;
    private final PendingConnections pending;
    private final BreachLog breaches;
    private final AnswerWriter answers;
    private final ConcurrentHashMap<HttpConnection, Admitted> open = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, long receiveTimeoutMillis, long idleTimeoutMillis, ConnectionsPerAddress perAddress,
            PendingConnections pending, BreachLog breaches, AnswerWriter answers) {
        this.pending = pending;
        this.vertx = vertx;
        this.receiveTimeoutMillis = receiveTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.perAddress = perAddress;
        this.breaches = breaches;
        this.answers = answers;
    }

    /** The server's connection handler: runs on the connection's event loop as it is accepted. */
    void accept(HttpConnection connection) {
        InetAddress peer = ClientAddresses.peer(connection.remoteAddress(true));
        if (peer != null && !perAddress.tryOpen(peer)) {
            breaches.report(Breach.CONNECTIONS_PER_ADDRESS, peer);
            connection.close();
            return;
        }
        ReceiveDeadline deadline = new ReceiveDeadline(vertx, connection, receiveTimeoutMillis, idleTimeoutMillis,
                pending, answers, () -> breaches.report(Breach.RECEIVE_TIMEOUT, peer),
                () -> breaches.report(Breach.PENDING_CONNECTIONS, peer));
        open.put(connection, new Admitted(peer, deadline));
        connection.closeHandler(v -> {
            open.remove(connection);
            deadline.closed();
            if (peer != null) {
                perAddress.closed(peer);
            }
        });
        deadline.start();
    }

    /** The connection's peer and deadline; null for a connection refused (and closing) or already closed. */
    Admitted admitted(HttpConnection connection) {
        return open.get(connection);
    }

    int openConnections() {
        return open.size();
    }
}
