package io.webhookbridge.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.webhookbridge.event.Sha256;

/**
 * The console's signed-in browsers, kept on the server: a random session id (the cookie) and its CSRF token. At most
 * {@code max} sessions (a new one pushes out the least recently used), each forgotten after {@code idleMillis} unused.
 * Only a correct token creates one, so nothing a caller sends can grow the map.
 */
final class ConsoleSessions {

    /** 32 random bytes in unpadded base64url. */
    private static final int ID_LENGTH = 43;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final int max;
    private final long idleMillis;
    private final LongSupplier clock;
    /** By the SHA-256 of the session id, so that neither a lookup's timing nor a heap dump gives an id away. */
    private final Map<String, Session> sessions;

    ConsoleSessions(int max, long idleMillis, LongSupplier clock) {
        this.max = max;
        this.idleMillis = idleMillis;
        this.clock = clock;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > ConsoleSessions.this.max;
            }
        };
    }

    /** A signed-in browser's session. */
    static final class Session {
        private final String csrf;
        private long lastUsed;

        private Session(String csrf, long lastUsed) {
            this.csrf = csrf;
            this.lastUsed = lastUsed;
        }

        String csrf() {
            return csrf;
        }

        /** Whether a request's {@code X-CSRF-Token} is this session's, compared in constant time. */
        boolean csrfMatches(String header) {
            return header != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    header.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A new session's id (the cookie's value) and CSRF token. */
    record Created(String id, String csrf) {
    }

    synchronized Created create() {
        long now = clock.getAsLong();
        sessions.values().removeIf(s -> now - s.lastUsed > idleMillis);
        String id = randomToken();
        Session session = new Session(randomToken(), now);
        sessions.put(key(id), session);
        return new Created(id, session.csrf());
    }

    /** The live session of this cookie value, or null; using it keeps it alive. */
    synchronized Session find(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return null;
        }
        String key = key(id);
        Session session = sessions.get(key);
        if (session == null) {
            return null;
        }
        long now = clock.getAsLong();
        if (now - session.lastUsed > idleMillis) {
            sessions.remove(key);
            return null;
        }
        session.lastUsed = now;
        return session;
    }

    synchronized void delete(String id) {
        if (id != null && id.length() == ID_LENGTH) {
            sessions.remove(key(id));
        }
    }

    synchronized int size() {
        return sessions.size();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    private static String key(String id) {
        return ENCODER.encodeToString(Sha256.digest(id.getBytes(StandardCharsets.UTF_8)));
    }
}
