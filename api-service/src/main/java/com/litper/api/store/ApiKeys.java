package com.litper.api.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores and their API keys. A key is shown once, when it is made; the database keeps only its
 * SHA-256 and a short prefix that lets a store tell its keys apart.
 */
@Component
public class ApiKeys {

    /** Every key starts with this, so leaked keys are easy to spot in code and logs. */
    static final String KEY_PREFIX = "lp_live_";
    /** Characters of a key kept in clear: the prefix plus four random ones. */
    static final int SHOWN_PREFIX_LENGTH = KEY_PREFIX.length() + 4;
    private static final int RANDOM_BYTES = 24; // 32 url-safe characters, 192 bits
    private static final int KEY_LENGTH = KEY_PREFIX.length() + 32;

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final Clock clock;
    /**
     * Valid keys this instance looked up recently, by hash: every request is authenticated, and
     * without it each one would spend a database round trip on its key (measured: about a fifth of
     * api-service's CPU under load). Unknown keys are not kept, so random keys cannot fill it.
     */
    private final Cache<String, AuthenticatedStore> recent;
    /** Whether keys whose exchanged tokens called recently are still unrevoked, by key id. */
    private final Cache<UUID, Boolean> activeKeys;
    /** Names of stores that called with an access token recently. */
    private final Cache<UUID, String> names;
    /** Read-only, so a lookup goes to a replica. */
    private final TransactionTemplate readOnly;

    ApiKeys(JdbcClient jdbc, Clock clock, ApiKeyProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                .maximumSize(properties.cacheTtl().isZero() ? 0 : properties.cacheSize())
                .build();
        this.activeKeys = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                .maximumSize(properties.cacheTtl().isZero() ? 0 : properties.cacheSize())
                .build();
        this.names = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                .maximumSize(properties.cacheTtl().isZero() ? 0 : properties.cacheSize())
                .build();
    }

    /**
     * A key as the store receives it once.
     *
     * @param id the key's id, used to revoke it
     * @param storeId the store it authenticates
     * @param name what the store called it
     * @param prefix its first characters, which listings show
     * @param key the whole key; never stored
     * @param createdAt when it was made
     */
    public record NewKey(UUID id, UUID storeId, String name, String prefix, String key, Instant createdAt) {
    }

    /**
     * A key as listings show it.
     *
     * @param id the key's id
     * @param name what the store called it
     * @param prefix its first characters
     * @param createdAt when it was made
     * @param revokedAt when it was revoked, or null while it works
     */
    public record KeyInfo(UUID id, String name, String prefix, Instant createdAt, Instant revokedAt) {
    }

    /** Creates a store with its first key. */
    @Transactional
    public NewKey createStore(String name) {
        UUID storeId = UUID.randomUUID();
        insertStore(storeId, name);
        return createKey(storeId, "default");
    }

    /** Creates the store with this id unless it exists; true when it was created now. */
    @Transactional
    public boolean createStoreIfAbsent(UUID storeId, String name) {
        return jdbc.sql("INSERT INTO api.store (id, name, created_at) VALUES (:id, :name, :now) ON CONFLICT (id) DO NOTHING")
                .param("id", storeId).param("name", name).param("now", now())
                .update() == 1;
    }

    /** Adds a key to a store and returns it, the only time the whole key is available. */
    @Transactional
    public NewKey createKey(UUID storeId, String name) {
        String key = generateKey();
        return addKey(storeId, name, key);
    }

    /** Adds a key chosen by an operator (e.g. the demo store's fixed key) unless it exists already. */
    @Transactional
    public void addKnownKey(UUID storeId, String name, String key) {
        if (!looksLikeKey(key)) {
            throw new IllegalArgumentException("An API key must be " + KEY_PREFIX + " followed by 32 characters of A-Z a-z 0-9 _ -");
        }
        if (jdbc.sql("SELECT count(*) FROM api.api_key WHERE key_hash = :hash").param("hash", hash(key)).query(Long.class).single() == 0) {
            addKey(storeId, name, key);
        }
    }

    /** Keys of a store, newest first, revoked ones included. */
    @Transactional(readOnly = true)
    public List<KeyInfo> keys(UUID storeId) {
        return jdbc.sql("SELECT id, name, prefix, created_at, revoked_at FROM api.api_key WHERE store_id = :store ORDER BY created_at DESC, id")
                .param("store", storeId)
                .query((rs, n) -> new KeyInfo(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null)))
                .list();
    }

    /**
     * Revokes a store's key; false when the store has no such key. Revoking twice is harmless. The
     * key stops working on this instance when the revocation commits; other instances drop it from
     * their cache within {@code litper.api.keys.cache-ttl}.
     */
    @Transactional
    public boolean revoke(UUID storeId, UUID keyId) {
        int found = jdbc.sql("UPDATE api.api_key SET revoked_at = coalesce(revoked_at, :now) WHERE id = :id AND store_id = :store")
                .param("now", now()).param("id", keyId).param("store", storeId)
                .update();
        // After the commit: forgotten earlier, a request in between could cache the key again from the old row.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                recent.asMap().values().removeIf(store -> store.keyId().equals(keyId));
                activeKeys.invalidate(keyId);
            }
        });
        return found == 1;
    }

    /**
     * The store a key authenticates, if the key exists and is not revoked: from this instance's
     * cache of recently used keys, else read from a replica, which keeps the primary (and
     * read-your-writes) out of every request; a revocation elsewhere takes effect once replicated
     * and the cache entry expired.
     */
    public Optional<AuthenticatedStore> authenticate(String key) {
        if (!looksLikeKey(key)) {
            return Optional.empty();
        }
        byte[] hash = hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        AuthenticatedStore cached = recent.getIfPresent(cacheKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<AuthenticatedStore> store = readOnly.execute(tx -> lookUp(hash));
        store.ifPresent(found -> recent.put(cacheKey, found));
        return store;
    }

    /**
     * Whether a key is not revoked, for access tokens exchanged for it: cached like keys, and
     * forgotten at once when this instance revokes the key.
     */
    public boolean isActive(UUID keyId) {
        return activeKeys.get(keyId, id -> readOnly.execute(tx -> jdbc.sql("SELECT count(*) FROM api.api_key WHERE id = :id AND revoked_at IS NULL")
                .param("id", id).query(Long.class).single() == 1));
    }

    /**
     * A store's name, for requests authenticated by an access token (which carries only the id);
     * names are kept by this instance like keys, for {@code litper.api.keys.cache-ttl}.
     */
    public Optional<String> storeName(UUID storeId) {
        String cached = names.getIfPresent(storeId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> name = readOnly.execute(tx -> jdbc.sql("SELECT name FROM api.store WHERE id = :id")
                .param("id", storeId).query(String.class).optional());
        name.ifPresent(found -> names.put(storeId, found));
        return name;
    }

    private Optional<AuthenticatedStore> lookUp(byte[] hash) {
        return jdbc.sql("""
                        SELECT s.id AS store_id, s.name, k.id AS key_id FROM api.api_key k JOIN api.store s ON s.id = k.store_id
                        WHERE k.key_hash = :hash AND k.revoked_at IS NULL""")
                .param("hash", hash)
                .query((rs, n) -> new AuthenticatedStore(rs.getObject("store_id", UUID.class), rs.getString("name"),
                        rs.getObject("key_id", UUID.class)))
                .optional();
    }

    private void insertStore(UUID storeId, String name) {
        jdbc.sql("INSERT INTO api.store (id, name, created_at) VALUES (:id, :name, :now)")
                .param("id", storeId).param("name", name).param("now", now())
                .update();
    }

    private NewKey addKey(UUID storeId, String name, String key) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = now();
        String prefix = key.substring(0, SHOWN_PREFIX_LENGTH);
        jdbc.sql("INSERT INTO api.api_key (id, store_id, prefix, key_hash, name, created_at) VALUES (:id, :store, :prefix, :hash, :name, :now)")
                .param("id", id).param("store", storeId).param("prefix", prefix).param("hash", hash(key))
                .param("name", name == null ? "" : name).param("now", now)
                .update();
        return new NewKey(id, storeId, name == null ? "" : name, prefix, key, now.toInstant());
    }

    private String generateKey() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean looksLikeKey(String key) {
        return key != null && key.length() == KEY_LENGTH && key.startsWith(KEY_PREFIX)
                && key.chars().skip(KEY_PREFIX.length()).allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
