package com.litper.common.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Decides when a read must go to the primary so a client sees what it just wrote, even while the
 * replicas lag: for the rest of the request that wrote, and for {@code window} after it for the
 * same client (the same {@code Authorization} credential, on any instance, remembered in Redis).
 * Outside a request (task workers, schedulers) it never interferes.
 */
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final String KEY_PREFIX = "litper:ryw:";

    private final StringRedisTemplate redis;
    private final Duration window;

    /** @param redis where recent writers are remembered across instances; null keeps it per request */
    public ReadYourWrites(StringRedisTemplate redis, Duration window) {
        this.redis = redis;
        this.window = window;
    }

    /** What one request knows: who the client is, and whether it wrote or recently wrote. */
    static final class Scope {
        private final String clientKey;
        private boolean wrote;
        private Boolean recentWriter;

        Scope(String clientKey) {
            this.clientKey = clientKey;
        }
    }

    /** Opens the scope of one request; {@code credential} is the raw Authorization value or null. */
    public void begin(String credential) {
        CURRENT.set(new Scope(credential == null || credential.isBlank() ? null : fingerprint(credential)));
    }

    public void end() {
        CURRENT.remove();
    }

    /** The primary served a connection that may write: this request, and this client, now read from it. */
    void wrote() {
        Scope scope = CURRENT.get();
        if (scope == null || scope.wrote) {
            return;
        }
        scope.wrote = true;
        if (scope.clientKey != null && redis != null && !window.isZero()) {
            try {
                redis.opsForValue().set(KEY_PREFIX + scope.clientKey, "1", window);
            } catch (RuntimeException e) {
                // Without Redis the guarantee shrinks to this request; the write itself goes on.
                log.warn("Could not remember a recent writer in Redis: {}", e.toString());
            }
        }
    }

    /** Whether a read-only transaction now must use the primary. */
    boolean mustReadPrimary() {
        Scope scope = CURRENT.get();
        if (scope == null) {
            return false;
        }
        if (scope.wrote) {
            return true;
        }
        if (scope.clientKey == null || redis == null || window.isZero()) {
            return false;
        }
        if (scope.recentWriter == null) {
            try {
                scope.recentWriter = Boolean.TRUE.equals(redis.hasKey(KEY_PREFIX + scope.clientKey));
            } catch (RuntimeException e) {
                // Cannot tell: the primary is the safe answer for this request.
                scope.recentWriter = true;
            }
        }
        return scope.recentWriter;
    }

    // Never the credential itself in Redis: a truncated SHA-256 is enough to tell clients apart.
    static String fingerprint(String credential) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
