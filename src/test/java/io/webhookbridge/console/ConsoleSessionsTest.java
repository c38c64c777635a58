package io.webhookbridge.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session store's bounds (size, idle time, sign-out), the sign-in limiter and the list of served assets. */
class ConsoleSessionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aSessionLivesWhileUsedAndEndsWhenIdleOrSignedOut() {
        ConsoleSessions sessions = new ConsoleSessions(10, 1000, now::get);
        ConsoleSessions.Created created = sessions.create();
        String id = created.id();
        assertEquals(43, id.length(), "32 random bytes, base64url");
        ConsoleSessions.Session session = sessions.find(id);
        assertNotNull(session);
        assertEquals(created.csrf(), session.csrf());
        assertTrue(session.csrfMatches(session.csrf()));
        assertFalse(session.csrfMatches(null));
        assertFalse(session.csrfMatches(session.csrf() + "x"));
        assertNotEquals(id, session.csrf());

        now.addAndGet(900);
        assertNotNull(sessions.find(id), "use keeps it alive");
        now.addAndGet(900);
        assertNotNull(sessions.find(id));
        now.addAndGet(1001);
        assertNull(sessions.find(id), "idle too long");
        assertEquals(0, sessions.size());

        String other = sessions.create().id();
        sessions.delete(other);
        assertNull(sessions.find(other));
        assertNull(sessions.find(null));
        assertNull(sessions.find("short"));
        assertNull(sessions.find("A".repeat(43)));
    }

    @Test
    void theStoreIsBoundedAndTheLeastRecentlyUsedGivesWay() {
        ConsoleSessions sessions = new ConsoleSessions(3, 60_000, now::get);
        String first = sessions.create().id();
        String second = sessions.create().id();
        String third = sessions.create().id();
        sessions.find(first);
        String fourth = sessions.create().id();
        assertEquals(3, sessions.size());
        assertNull(sessions.find(second));
        for (String id : List.of(first, third, fourth)) {
            assertNotNull(sessions.find(id));
        }
    }

    @Test
    void wrongTokensAreRefusedForTheRestOfTheWindowOnceTooMany() {
        SignInLimiter limiter = new SignInLimiter(3, 60_000, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.secondsToWait());
            limiter.failed();
        }
        assertEquals(60, limiter.secondsToWait());
        now.addAndGet(30_000);
        assertEquals(30, limiter.secondsToWait());
        now.addAndGet(30_000);
        assertEquals(0, limiter.secondsToWait());
    }

    @Test
    void everyAssetUnderResourcesConsoleIsServedAndLoads() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/console"))) {
            assertEquals(files.map(p -> p.getFileName().toString()).sorted().toList(),
                    ConsoleAssets.FILES.stream().sorted().toList());
        }
        ConsoleAssets assets = ConsoleAssets.load();
        assertEquals("text/javascript; charset=utf-8", assets.get("app.js").contentType());
        assertNull(assets.get("../application.properties"));
    }
}
