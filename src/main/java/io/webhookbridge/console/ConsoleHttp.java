package io.webhookbridge.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.webhookbridge.management.ManagementAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console on the management port: its assets under {@code /console/}, and the session calls. {@code POST
 * /console/session} (form field {@code token}) signs in, {@code GET} gives the page its CSRF token, {@code DELETE}
 * signs out. The management port's guard has already decided who gets here (see {@link ConsoleAccess}).
 */
final class ConsoleHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHttp.class);
    /** The sign-in form's body: a token and its field name. */
    private static final int MAX_SIGN_IN_BYTES = 4096;
    private static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final ManagementAccess access;
    private final ConsoleSessions sessions;
    private final SignInLimiter limiter;
    private final ConsoleAssets assets;

    ConsoleHttp(ManagementAccess access, ConsoleSessions sessions, SignInLimiter limiter, ConsoleAssets assets) {
        this.access = access;
        this.sessions = sessions;
        this.limiter = limiter;
        this.assets = assets;
    }

    void mount(Router router) {
        router.route("/console*").handler(ConsoleHttp::securityHeaders);
        // A route for "/console" matches "/console/" too: redirect only the bare path, which relative links need.
        router.get("/console").handler(ctx -> {
            if (ctx.normalizedPath().equals("/console")) {
                ctx.redirect("/console/");
            } else {
                ctx.next();
            }
        });
        router.post(ConsoleAccess.SIGN_IN).handler(BodyHandler.create(false).setBodyLimit(MAX_SIGN_IN_BYTES))
                .handler(this::signIn);
        router.get(ConsoleAccess.SIGN_IN).handler(this::session);
        router.delete(ConsoleAccess.SIGN_IN).handler(this::signOut);
        router.get("/console/*").handler(this::asset);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY").putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        ctx.next();
    }

    private void signIn(RoutingContext ctx) {
        if (crossSite(ctx)) {
            // A form another site's page posts: refused before it can count towards the limiter and lock sign-in.
            json(ctx, 403, "{\"error\":\"cross-site sign-in refused\"}");
            return;
        }
        long wait = limiter.secondsToWait();
        if (wait > 0) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(wait));
            json(ctx, 429, "{\"error\":\"too many wrong tokens; try again later\"}");
            return;
        }
        String token = ctx.request().getFormAttribute("token");
        if (token == null || token.isBlank() || !access.authorized("Bearer " + token)) {
            limiter.failed();
            LOG.warn("Console sign-in refused: wrong token");
            json(ctx, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        ConsoleSessions.Created session = sessions.create();
        ctx.response().addCookie(Cookie.cookie(ConsoleAccess.COOKIE, session.id()).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL()));
        LOG.info("Console: signed in ({} sessions)", sessions.size());
        json(ctx, 200, "{\"csrf\":\"" + session.csrf() + "\"}");
    }

    /** What the browser says about where the request comes from: another site, or an origin other than this port. */
    private static boolean crossSite(RoutingContext ctx) {
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        String host = ctx.request().getHeader(HttpHeaders.HOST);
        return origin != null && (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)));
    }

    private void session(RoutingContext ctx) {
        ConsoleSessions.Session session = ctx.get(ConsoleAccess.SESSION);
        if (session == null) {
            // A bearer-token caller: it has no session and needs no CSRF token.
            json(ctx, 404, "{\"error\":\"no session\"}");
        } else {
            json(ctx, 200, "{\"csrf\":\"" + session.csrf() + "\"}");
        }
    }

    private void signOut(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(ConsoleAccess.COOKIE);
        if (cookie != null) {
            sessions.delete(cookie.getValue());
        }
        ctx.response().addCookie(Cookie.cookie(ConsoleAccess.COOKIE, "").setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL()).setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    private void asset(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String name = path.equals("/console/") ? "index.html" : path.substring("/console/".length());
        ConsoleAssets.Asset asset = assets.get(name);
        if (asset == null) {
            json(ctx, 404, "{\"error\":\"not found\"}");
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).end(asset.content());
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
