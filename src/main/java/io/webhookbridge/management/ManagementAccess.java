package io.webhookbridge.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.webhookbridge.event.Sha256;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see what on the management port. Anyone gets up/down from the health endpoints (load balancers and
 * orchestrators need nothing more); the details (every check with its data, route ids naming targets, consumer URIs,
 * /info and whatever else the port serves) need {@code Authorization: Bearer <bridge.management.token>}. Without a
 * configured token the details are off for everyone. A browser signed in to the console (which checks the same token
 * once, at sign-in) reaches {@code /admin/}, {@code /observe/} and {@code /console/} with its session cookie instead,
 * and its state-changing calls need the session's CSRF token.
 */
public final class ManagementAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementAccess.class);
    private static final String UNAUTHORIZED = "{\"error\":\"unauthorized\"}";
    private static final String CSRF = "{\"error\":\"csrf\"}";
    /** What a session cookie may reach: the console and the calls it makes, nothing else the port serves. */
    private static final List<String> SESSION_PATHS = List.of("/admin/", "/observe/", "/console/");
    private static final String NO_TOKEN = "{\"error\":\"unauthorized\",\"reason\":\"no management token is configured "
            + "(BRIDGE_MANAGEMENT_TOKEN): details and the admin API are off\"}";

    /** SHA-256 of the token, so that the comparison takes as long whatever the length of what a caller sends. */
    private final byte[] tokenDigest;
    private final AtomicBoolean guarding = new AtomicBoolean();
    private volatile BrowserSessions browsers;

    public ManagementAccess(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token.trim());
    }

    /** Whether an {@code Authorization} header carries the configured token (false when none is configured). */
    public boolean authorized(String authorization) {
        if (tokenDigest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(7).trim()));
    }

    /**
     * The signed-in browsers of the management port (the console), asked by this guard about a request that
     * carries no {@code Authorization} header. Defined here, implemented by the console, so that this package never
     * depends on it.
     */
    public interface BrowserSessions {

        enum Verdict {
            /** A live session, and for a state-changing call its CSRF token. */
            SIGNED_IN,
            /** A live session, but a state-changing call without the session's CSRF token. */
            NO_CSRF,
            /** A path anyone may reach: the sign-in page, its assets, the sign-in call. */
            OPEN,
            /** No live session. */
            NONE
        }

        Verdict check(RoutingContext ctx);
    }

    /** Lets the signed-in browsers of these sessions in, besides the bearer token. */
    public void admitBrowsers(BrowserSessions sessions) {
        this.browsers = sessions;
    }

    /**
     * Puts this check in front of everything the management server of the context answers, once; call when the
     * context has started its services (the server is then running).
     */
    public void guard(CamelContext context) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null || !guarding.compareAndSet(false, true)) {
            return;
        }
        // The paths the server's own health routes are registered on.
        String health = server.getHealthPath();
        Router router = server.getRouter();
        router.route().order(Integer.MIN_VALUE).handler(ctx -> handle(context, health, ctx));
        if (tokenDigest == null) {
            LOG.info("Management port {}: health answers up/down only; details are off (set BRIDGE_MANAGEMENT_TOKEN "
                    + "to see them with Authorization: Bearer <token>)", server.getPort());
        } else {
            LOG.info("Management port {}: health answers up/down to anyone; details need the management token",
                    server.getPort());
        }
    }

    private void handle(CamelContext context, String health, RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            String path = ctx.normalizedPath();
            if (path.equals(health)) {
                status(context, ctx, Probe.ALL);
            } else if (path.equals(health + "/live")) {
                status(context, ctx, Probe.LIVENESS);
            } else if (path.equals(health + "/ready")) {
                status(context, ctx, Probe.READINESS);
            } else {
                browser(ctx, path);
            }
        } else if (authorized(authorization)) {
            ctx.next();
        } else {
            unauthorized(ctx);
        }
    }

    /** A request without an Authorization header, off the health paths: a console page or a signed-in browser. */
    private void browser(RoutingContext ctx, String path) {
        BrowserSessions sessions = browsers;
        BrowserSessions.Verdict verdict = sessions == null ? BrowserSessions.Verdict.NONE : sessions.check(ctx);
        switch (verdict) {
            case OPEN -> ctx.next();
            case SIGNED_IN -> {
                if (SESSION_PATHS.stream().anyMatch(path::startsWith)) {
                    ctx.next();
                } else {
                    unauthorized(ctx);
                }
            }
            case NO_CSRF -> ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(CSRF);
            case NONE -> unauthorized(ctx);
        }
    }

    private enum Probe { ALL, LIVENESS, READINESS }

    /** The status only, whatever the query asks for; the checks may block, so off the event loop. */
    private static void status(CamelContext context, RoutingContext ctx, Probe probe) {
        ctx.vertx().<Boolean>executeBlocking(() -> {
            Collection<HealthCheck.Result> results = switch (probe) {
                case ALL -> HealthCheckHelper.invoke(context, "oneline");
                case LIVENESS -> HealthCheckHelper.invokeLiveness(context, "oneline");
                case READINESS -> HealthCheckHelper.invokeReadiness(context, "oneline");
            };
            return HealthCheckHelper.isResultsUp(results, probe == Probe.READINESS);
        }, false).onComplete(up -> {
            boolean isUp = up.succeeded() && up.result();
            ctx.response().setStatusCode(isUp ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(isUp ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
    }

    private void unauthorized(RoutingContext ctx) {
        ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer").end(tokenDigest == null ? NO_TOKEN : UNAUTHORIZED);
    }

    private static byte[] sha256(String value) {
        return Sha256.digest(value.getBytes(StandardCharsets.UTF_8));
    }
}
