package io.webhookbridge.ingress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * The time one connection has to deliver a whole request, headers and body. It runs from the moment the connection
 * is accepted; once a response has been written, the connection may wait up to the idle timeout for the next request's
 * headers (a long wait, so that a client reusing a pooled connection rarely races its close), and that request's
 * body then gets the receive timeout again. It is stopped while a complete request is being answered, which the
 * request timeout bounds. Unlike Vert.x's idle timeout, which restarts on every byte, trickling bytes extends nothing.
 * When it expires, a request whose headers are in is answered 503 with Retry-After (a slow genuine request is retried by Vonage, which retries
 * only 429 and 5xx), and the connection is closed.
 * <p>
 * One per connection, used only on the connection's event loop.
 */
final class ReceiveDeadline {

    private final Vertx vertx;
    private final HttpConnection connection;
    private final long timeoutMillis;
    private final long idleTimeoutMillis;
    /** Told when the deadline closes a connection that was receiving a request or never sent one. */
    private final Runnable onBreach;
    /** Told when the connection is closed to make room for newer pending ones. */
    private final Runnable onEvicted;
    private final PendingConnections pending;
    private final AnswerWriter answers;
    /** Requests whose headers are in and whose body is not, with their body's collector once it reads. */
    private final Map<HttpServerRequest, BodyCollector> receiving = new HashMap<>(2);
    /** Complete requests not answered yet. */
    private int answering;
    private long timer = -1;
    /** Whether the running timer is the idle one, waiting for the next request on an answered connection. */
    private boolean idle;
    /** Whether the connection is dropping the rest of a body its request was answered without. */
    private boolean draining;
    private boolean answeredOne;
    private boolean closed;

    ReceiveDeadline(Vertx vertx, HttpConnection connection, long timeoutMillis, long idleTimeoutMillis,
            PendingConnections pending, AnswerWriter answers, Runnable onBreach, Runnable onEvicted) {
        this.pending = pending;
        this.answers = answers;
        this.onEvicted = onEvicted;
        this.vertx = vertx;
        this.connection = connection;
        this.timeoutMillis = timeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.onBreach = onBreach;
    }

    /** The connection has been accepted. */
    void start() {
        update();
    }

    /** A request's headers are in; from now until its response is written the request counts as this connection's. */
    void headersReceived(HttpServerRequest request) {
        receiving.put(request, null);
        request.response().endHandler(v -> answered(request));
        if (idle || draining) {
            // The wait for this request is over; its body gets the receive timeout.
            cancel();
            draining = false;
        }
        update();
    }

    void bodyReading(HttpServerRequest request, BodyCollector body) {
        if (receiving.containsKey(request)) {
            receiving.put(request, body);
        }
    }

    /** The request's body is complete: nothing more to receive for it. */
    void bodyReceived(HttpServerRequest request) {
        if (receiving.containsKey(request)) {
            receiving.remove(request);
            answering++;
        }
        update();
    }

    private void answered(HttpServerRequest request) {
        if (closed) {
            return;
        }
        if (!receiving.containsKey(request)) {
            answering--;
        } else if (request.version() == HttpVersion.HTTP_2) {
            // Answered before its body was in, on a stream of a connection that may carry others.
            receiving.remove(request);
        } else {
            // Answered before its body was in (404, 413, 503): the rest is read only to be dropped, and for no longer
            // than the receive timeout, not the idle time. (Closing at once would reset the connection under the
            // answer while the client is still sending.)
            receiving.remove(request);
            draining = true;
        }
        answeredOne = true;
        // The next request gets the whole time again.
        cancel();
        update();
    }

    /** The connection has closed: bytes still held for its requests are released. */
    void closed() {
        closed = true;
        cancel();
        pending.notPending(this);
        abandonBodies();
    }

    /** Closes the connection to make room for newer ones (any thread: the close handler runs on its event loop). */
    void evict() {
        onEvicted.run();
        connection.close();
    }

    private void update() {
        boolean running = !closed && (!receiving.isEmpty() || answering == 0);
        if (running) {
            pending.pending(this);
        } else {
            pending.notPending(this);
        }
        if (running && timer < 0) {
            idle = answeredOne && receiving.isEmpty() && !draining;
            timer = vertx.setTimer(idle ? idleTimeoutMillis : timeoutMillis, id -> expire());
        } else if (!running) {
            cancel();
        }
    }

    private void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void expire() {
        timer = -1;
        if (closed) {
            return;
        }
        closed = true;
        pending.notPending(this);
        // A kept-alive connection that was answered and then stayed quiet is routine, not a breach.
        boolean breach = !receiving.isEmpty() || !answeredOne;
        abandonBodies();
        List<HttpServerRequest> unfinished = List.copyOf(receiving.keySet());
        receiving.clear();
        for (HttpServerRequest request : unfinished) {
            if (request.version() != HttpVersion.HTTP_2) {
                request.response().putHeader("Connection", "close");
            }
            answers.refuse(request, Refusal.RECEIVE_TIMEOUT);
        }
        if (breach) {
            onBreach.run();
        }
        // Vert.x writes what is pending (the 503) before it closes.
        connection.close();
    }

    private void abandonBodies() {
        for (BodyCollector body : receiving.values()) {
            if (body != null) {
                body.abandon();
            }
        }
    }
}
