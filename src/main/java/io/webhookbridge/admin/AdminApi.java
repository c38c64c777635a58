package io.webhookbridge.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.webhookbridge.dispatch.TargetDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /admin/} on the management port (see docs/admin-api.md). The management port's guard
 * ({@code ManagementAccess}) lets only callers with the management token reach it; without a configured token it is
 * off. Each call's broker work runs off the event loop, on a small pool of its own ({@value #THREADS} threads, at most
 * {@value #MAX_IN_FLIGHT} calls in flight), so that admin work can never starve the health probes.
 */
final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final Set<String> PAGE_PARAMETERS = Set.of("cursor", "limit");
    /**
     * Threads for admin work. Its own small pool, not Vert.x's shared worker pool: the health probes run there, and a
     * burst of admin calls (each browsing the dead-letter queue, say) must never make a probe wait and fail.
     */
    static final int THREADS = 2;
    /** Admin calls in flight (running or waiting for a thread) at most; more are answered 429 at once. */
    static final int MAX_IN_FLIGHT = 8;

    private final DeadLetters deadLetters;
    private final ReplayJobs replays;
    private final TargetControl targets;
    private final EventLocator locator;
    private final TargetDeliveries deliveries;
    private final Overview overview;
    private final LoadedRoutes routes;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Created on the first call, from the management server's Vert.x (which the router does not expose). */
    private volatile WorkerExecutor executor;

    AdminApi(DeadLetters deadLetters, ReplayJobs replays, TargetControl targets, EventLocator locator,
            TargetDeliveries deliveries, Overview overview, LoadedRoutes routes, int maxBodyBytes) {
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.targets = targets;
        this.locator = locator;
        this.deliveries = deliveries;
        this.overview = overview;
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Specific paths before the ones with an id. */
    void mount(Router router) {
        router.get("/admin/dead-letters").handler(ctx -> answer(ctx, 200, () -> {
            DeadLetterFilter filter = filter(ctx, PAGE_PARAMETERS);
            return deadLetters.list(filter, ctx.request().getParam("cursor"), limit(ctx));
        }));
        router.get("/admin/dead-letters/count").handler(ctx -> answer(ctx, 200,
                () -> deadLetters.count(filter(ctx, Set.of()))));
        router.post("/admin/dead-letters/replay").handler(ctx -> answer(ctx, 202,
                () -> replays.start(filter(ctx, Set.of())).describe()));
        router.post("/admin/dead-letters/purge").handler(ctx -> answer(ctx, 200, () -> {
            DeadLetterFilter filter = filter(ctx, Set.of("all"));
            if (filter.isEmpty() && !"true".equals(ctx.request().getParam("all"))) {
                throw new IllegalArgumentException("a purge needs a filter, or all=true to empty the dead-letter queue");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("purged", deadLetters.purge(filter));
            out.put("filter", filter.described());
            return out;
        }));
        router.get("/admin/dead-letters/:id").handler(ctx -> answer(ctx, 200,
                () -> deadLetters.show(ctx.pathParam("id"))));
        router.get("/admin/jobs/:id").handler(ctx -> answer(ctx, 200, () -> {
            ReplayJobs.Job job = replays.get(ctx.pathParam("id"));
            return job == null ? null : job.describe();
        }));
        router.get("/admin/targets").handler(ctx -> answer(ctx, 200, targets::list));
        router.post("/admin/targets/:id/pause").handler(ctx -> answer(ctx, 200,
                () -> targets.pause(ctx.pathParam("id"), true)));
        router.post("/admin/targets/:id/resume").handler(ctx -> answer(ctx, 200,
                () -> targets.pause(ctx.pathParam("id"), false)));
        router.get("/admin/where/:id").handler(ctx -> answer(ctx, 200, () -> locator.where(ctx.pathParam("id"))));
        router.get("/admin/overview").handler(ctx -> answer(ctx, 200, overview::describe));
        router.get("/admin/routes").handler(ctx -> answer(ctx, 200, routes::list));
        // A webhook body as large as the webhook port takes, no larger (BodyHandler answers 413 past it).
        router.post("/admin/routes/try").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(ctx -> answer(ctx, 200, () -> routes.tryPayload(ctx.request().getParam("endpoint"),
                        ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes())));
        router.route("/admin/*").handler(ctx -> error(ctx, 404, "no such admin call; see docs/admin-api.md"));
    }

    /** A dead-letter filter from the query; an unknown parameter is refused rather than ignored. */
    private DeadLetterFilter filter(RoutingContext ctx, Set<String> alsoAllowed) {
        for (String name : ctx.queryParams().names()) {
            if (!DeadLetterFilter.PARAMETERS.contains(name) && !alsoAllowed.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + (name.matches("[A-Za-z]{1,20}") ? name : "?")
                        + "': filters are " + String.join(", ", DeadLetterFilter.PARAMETERS));
            }
        }
        return DeadLetterFilter.from(ctx.request()::getParam, deliveries.targets());
    }

    private static int limit(RoutingContext ctx) {
        String limit = ctx.request().getParam("limit");
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        if (!limit.matches("[0-9]{1,4}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(limit);
    }

    /**
     * Runs the call off the event loop, on the admin pool; null is a 404, a refused parameter a 400, a busy API a 429
     * (the call is not run, so the caller may simply retry).
     */
    private void answer(RoutingContext ctx, int status, Callable<Object> call) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            error(ctx, 429, "busy");
            return;
        }
        executor(ctx).executeBlocking(call, false).onComplete(result -> {
            inFlight.decrementAndGet();
            if (result.succeeded()) {
                if (result.result() == null) {
                    error(ctx, 404, "not found");
                } else {
                    write(ctx, status, result.result());
                }
            } else if (result.cause() instanceof IllegalArgumentException e) {
                error(ctx, 400, e.getMessage());
            } else if (result.cause() instanceof RefusedCall e) {
                error(ctx, e.status(), e.getMessage());
            } else {
                LOG.warn("Admin call {} {} failed: {}", ctx.request().method(), ctx.normalizedPath(), result.cause().toString());
                error(ctx, 500, "the call failed; see the bridge's log");
            }
        });
    }

    private WorkerExecutor executor(RoutingContext ctx) {
        WorkerExecutor pool = executor;
        if (pool == null) {
            synchronized (this) {
                pool = executor;
                if (pool == null) {
                    pool = ctx.vertx().createSharedWorkerExecutor("bridge-admin", THREADS);
                    executor = pool;
                }
            }
        }
        return pool;
    }

    private static void error(RoutingContext ctx, int status, String message) {
        write(ctx, status, Map.of("error", String.valueOf(message)));
    }

    private static void write(RoutingContext ctx, int status, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (Exception e) {
            status = 500;
            json = "{\"error\":\"could not write the answer\"}";
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
}
