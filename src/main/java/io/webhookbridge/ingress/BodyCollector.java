package io.webhookbridge.ingress;

import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body into one buffer, giving up (and closing the connection) past a size bound. */
final class BodyCollector {

    private BodyCollector() {
    }

    static void collect(HttpServerRequest request, long maxBytes, Consumer<byte[]> onBody, Consumer<Boolean> onFailure) {
        Buffer body = Buffer.buffer();
        boolean[] failed = new boolean[1];
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                failed[0] = true;
                request.response().putHeader("Connection", "close");
                onFailure.accept(true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!failed[0]) {
                failed[0] = true;
                onFailure.accept(false);
            }
        });
        request.endHandler(v -> {
            if (!failed[0]) {
                onBody.accept(body.getBytes());
            }
        });
    }
}
