package io.webhookbridge.ingress;

import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into one buffer, giving up past the per-request size bound or when the bytes buffered across
 * all connections would exceed their bound. The bytes it holds are reserved in {@link BufferedBytes} and released
 * exactly once, whichever way the body ends: complete, refused, broken, or {@link #abandon abandoned}.
 */
final class BodyCollector {

    enum Failure {
        /** Larger than the per-request bound. */
        TOO_LARGE,
        /** The global bound on buffered bytes was reached. */
        OVERLOADED,
        /** The request failed while being read (reset, connection closed). */
        BROKEN
    }

    private final long maxBytes;
    private final BufferedBytes buffered;
    private final Consumer<byte[]> onBody;
    private final Consumer<Failure> onFailure;
    private Buffer body = Buffer.buffer();
    private long reserved;
    private boolean finished;

    private BodyCollector(long maxBytes, BufferedBytes buffered, Consumer<byte[]> onBody, Consumer<Failure> onFailure) {
        this.maxBytes = maxBytes;
        this.buffered = buffered;
        this.onBody = onBody;
        this.onFailure = onFailure;
    }

    /** Starts reading; all callbacks run on the request's event loop, at most one of them once. */
    static BodyCollector collect(HttpServerRequest request, long maxBytes, BufferedBytes buffered,
            Consumer<byte[]> onBody, Consumer<Failure> onFailure) {
        BodyCollector collector = new BodyCollector(maxBytes, buffered, onBody, onFailure);
        request.handler(collector::chunk);
        request.exceptionHandler(e -> collector.fail(Failure.BROKEN));
        request.endHandler(v -> collector.end());
        return collector;
    }

    private void chunk(Buffer chunk) {
        if (finished) {
            return;
        }
        if (body.length() + chunk.length() > maxBytes) {
            fail(Failure.TOO_LARGE);
            return;
        }
        if (!buffered.tryReserve(chunk.length())) {
            fail(Failure.OVERLOADED);
            return;
        }
        reserved += chunk.length();
        body.appendBuffer(chunk);
    }

    private void end() {
        if (finished) {
            return;
        }
        byte[] bytes = body.getBytes();
        release();
        onBody.accept(bytes);
    }

    private void fail(Failure failure) {
        if (finished) {
            return;
        }
        release();
        onFailure.accept(failure);
    }

    /** Drops the body without a callback: the connection is being closed by someone else (the receive deadline). */
    void abandon() {
        if (!finished) {
            release();
        }
    }

    private void release() {
        finished = true;
        buffered.release(reserved);
        reserved = 0;
        body = null;
    }
}
