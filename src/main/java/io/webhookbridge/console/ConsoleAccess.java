package io.webhookbridge.console;

import java.util.Set;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.webhookbridge.management.ManagementAccess;

/**
 * What the management port's guard asks about a request without an {@code Authorization} header: the sign-in page and
 * its assets are open; anything else needs a live session cookie, and a state-changing call also the session's
 * {@code X-CSRF-Token}.
 */
final class ConsoleAccess implements ManagementAccess.BrowserSessions {

    static final String COOKIE = "bridge_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Where the handlers find the request's session. */
    static final String SESSION = "io.webhookbridge.console.session";
    /** The sign-in page: the shell, its script and its style sheet, and nothing that holds data. */
    static final Set<String> OPEN_PAGES = Set.of("/console", "/console/", "/console/index.html",
            "/console/sign-in.js", "/console/console.css");
    static final String SIGN_IN = "/console/session";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ConsoleSessions sessions;

    ConsoleAccess(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Verdict check(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        String path = ctx.normalizedPath();
        if ((SAFE.contains(method) && OPEN_PAGES.contains(path)) || (method == HttpMethod.POST && path.equals(SIGN_IN))) {
            return Verdict.OPEN;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        ConsoleSessions.Session session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session == null) {
            return Verdict.NONE;
        }
        if (!SAFE.contains(method) && !session.csrfMatches(ctx.request().getHeader(CSRF_HEADER))) {
            return Verdict.NO_CSRF;
        }
        ctx.put(SESSION, session);
        return Verdict.SIGNED_IN;
    }
}
