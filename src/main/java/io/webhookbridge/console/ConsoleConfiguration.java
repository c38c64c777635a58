package io.webhookbridge.console;

import java.time.Duration;

import io.webhookbridge.management.ManagementAccess;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.support.CamelContextHelper;

/**
 * The web console on the management port ({@code /console/}, docs/console.md): signed-in browsers are let through the
 * management port's guard with a session cookie. Runs after the management configuration, whose guard it joins.
 */
public class ConsoleConfiguration implements CamelConfiguration {

    /** Signed-in browsers at most; the least recently used gives way. */
    static final int MAX_SESSIONS = 100;
    static final Duration IDLE = Duration.ofHours(8);
    /** Wrong tokens per window before the sign-in form refuses everyone until the window ends. */
    static final int MAX_WRONG_TOKENS = 10;
    static final Duration WRONG_TOKEN_WINDOW = Duration.ofMinutes(1);

    @Override
    public void configure(CamelContext context) throws Exception {
        ManagementAccess access = CamelContextHelper.mandatoryLookup(context, "managementAccess", ManagementAccess.class);
        ConsoleSessions sessions = new ConsoleSessions(MAX_SESSIONS, IDLE.toMillis(), System::currentTimeMillis);
        access.admitBrowsers(new ConsoleAccess(sessions));
        ConsoleHttp console = new ConsoleHttp(access, sessions,
                new SignInLimiter(MAX_WRONG_TOKENS, WRONG_TOKEN_WINDOW.toMillis(), System::currentTimeMillis),
                ConsoleAssets.load());
        StartupListener mount = (ctx, alreadyStarted) -> {
            ManagementHttpServer server = ctx.hasService(ManagementHttpServer.class);
            if (server != null && server.getRouter() != null) {
                console.mount(server.getRouter());
            }
        };
        context.addStartupListener(mount);
    }
}
