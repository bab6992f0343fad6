package com.litper.api.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.litper.api.auth.AuthProperties;
import com.litper.api.store.ApiKeyProperties;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A store's users: invitations, passwords, sign-in with lockout, disabling, and the refresh tokens
 * of signed-in users. Secrets (invitations, refresh tokens) are shown once and stored as SHA-256;
 * passwords through the delegating {@link PasswordEncoder}.
 */
@Component
public class StoreUsers {

    /** The shortest password accepted; long passphrases beat complexity rules. */
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final int SECRET_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    /**
     * Whether users who called api-service with an access token recently are enabled, by id: a
     * disabled user's tokens stop working here at once, not only when they expire.
     */
    private final Cache<UUID, Boolean> enabled;
    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuthProperties properties;
    private final Clock clock;
    /** Compared against for unknown emails, so they cost as long as a wrong password. */
    private final String dummyHash;

    StoreUsers(JdbcClient jdbc, PasswordEncoder passwords, AuthProperties properties, ApiKeyProperties cache, Clock clock) {
        this.enabled = Caffeine.newBuilder().expireAfterWrite(cache.cacheTtl())
                .maximumSize(cache.cacheTtl().isZero() ? 0 : cache.cacheSize()).build();
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.properties = properties;
        this.clock = clock;
        this.dummyHash = passwords.encode("not-a-password-" + System.nanoTime());
    }

    /**
     * A user as owners see them.
     *
     * @param id the user's id
     * @param email where the user signs in with
     * @param role what the user may do in the store
     * @param active whether the user has set a password and is not disabled
     * @param disabledAt when an owner disabled the user, or null
     */
    public record User(UUID id, String email, Role role, boolean active, Instant disabledAt) {
    }

    /**
     * A new invitation, the only time its token is shown.
     *
     * @param id the invited user's id
     * @param email the invited email
     * @param role the role the user will have
     * @param invitationToken what the user sends with a password to {@code POST /api/auth/invitations/accept}
     * @param expiresAt when the invitation stops working
     */
    public record Invitation(UUID id, String email, Role role, String invitationToken, Instant expiresAt) {
    }

    /**
     * A signed-in user's tokens beyond the access token.
     *
     * @param principal whom the access token is for
     * @param refreshToken the opaque refresh token, usable once
     */
    public record SignedIn(LitperPrincipal principal, String refreshToken) {
    }

    /** Thrown when sign-in or refresh fails; the message is safe to show the caller. */
    public static final class SignInFailed extends RuntimeException {
        SignInFailed(String message) {
            super(message);
        }
    }

    @Transactional
    public Invitation invite(UUID storeId, String email, Role role) {
        if (!role.isStoreRole() || role == Role.INTEGRATION) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "A user's role is OWNER, SUPPORT or VIEWER.");
        }
        String token = secret();
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = now().plus(properties.invitationLifetime());
        int inserted = jdbc.sql("""
                        INSERT INTO api.store_user (id, store_id, email, role, invite_hash, invite_expires_at, created_at)
                        VALUES (:id, :store, :email, :role, :hash, :expires, :now) ON CONFLICT DO NOTHING""")
                .param("id", id).param("store", storeId).param("email", email.strip()).param("role", role.name())
                .param("hash", hash(token)).param("expires", expires).param("now", now())
                .update();
        if (inserted == 0) {
            throw new ApiProblemException(HttpStatus.CONFLICT, "A Litper user with this email exists already.");
        }
        return new Invitation(id, email.strip(), role, token, expires.toInstant());
    }

    /** Sets the invited user's password; the invitation works once. */
    @Transactional
    public void acceptInvitation(String token, String password) {
        checkPassword(password);
        int updated = jdbc.sql("""
                        UPDATE api.store_user SET password_hash = :password, invite_hash = NULL, invite_expires_at = NULL
                        WHERE invite_hash = :hash AND invite_expires_at > :now AND disabled_at IS NULL""")
                .param("password", passwords.encode(password)).param("hash", hash(token)).param("now", now())
                .update();
        if (updated == 0) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "The invitation is unknown, used or expired.");
        }
    }

    /** Sets a user's password directly, for the local suite's demo owner. Creates the user if needed. */
    @Transactional
    public void setPassword(UUID storeId, String email, Role role, String password) {
        checkPassword(password);
        jdbc.sql("""
                        INSERT INTO api.store_user (id, store_id, email, role, password_hash, created_at)
                        VALUES (:id, :store, :email, :role, :password, :now)
                        ON CONFLICT (lower(email)) DO UPDATE SET password_hash = excluded.password_hash""")
                .param("id", UUID.randomUUID()).param("store", storeId).param("email", email).param("role", role.name())
                .param("password", passwords.encode(password)).param("now", now())
                .update();
    }

    @Transactional(readOnly = true)
    public List<User> users(UUID storeId) {
        return jdbc.sql("SELECT id, email, role, password_hash IS NOT NULL AS has_password, disabled_at FROM api.store_user"
                        + " WHERE store_id = :store ORDER BY created_at, id")
                .param("store", storeId)
                .query((rs, n) -> new User(rs.getObject("id", UUID.class), rs.getString("email"), Role.valueOf(rs.getString("role")),
                        rs.getBoolean("has_password") && rs.getObject("disabled_at") == null,
                        Optional.ofNullable(rs.getObject("disabled_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null)))
                .list();
    }

    /** Disables a user of the store and revokes its refresh tokens; false when the store has no such user. */
    @Transactional
    public boolean disable(UUID storeId, UUID userId) {
        int found = jdbc.sql("UPDATE api.store_user SET disabled_at = coalesce(disabled_at, :now) WHERE id = :id AND store_id = :store")
                .param("now", now()).param("id", userId).param("store", storeId).update();
        if (found == 1) {
            revokeRefreshTokens(userId);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    enabled.invalidate(userId);
                }
            });
        }
        return found == 1;
    }

    /** Whether a user exists and is not disabled; cached for {@code litper.api.keys.cache-ttl}, dropped here on disabling. */
    public boolean isEnabled(UUID userId) {
        return enabled.get(userId, id -> jdbc.sql("SELECT count(*) FROM api.store_user WHERE id = :id AND disabled_at IS NULL")
                .param("id", id).query(Long.class).single() == 1);
    }

    /**
     * Checks an email and password. Failures count in the database (so every replica sees them);
     * after {@code max-failed-sign-ins} in a row the user is locked for {@code lockout}, even
     * with the right password. Disabled or locked users get nothing.
     */
    public SignedIn signIn(String email, String password) {
        var row = jdbc.sql("""
                        SELECT id, store_id, role, password_hash, locked_until, disabled_at FROM api.store_user
                        WHERE lower(email) = lower(:email)""")
                .param("email", email.strip())
                .query().listOfRows().stream().findFirst();
        if (row.isEmpty()) {
            passwords.matches(password, dummyHash);
            throw new SignInFailed("Unknown user or wrong password.");
        }
        var user = row.get();
        UUID id = (UUID) user.get("id");
        Object lockedUntil = user.get("locked_until");
        if (lockedUntil != null && toInstant(lockedUntil).isAfter(clock.instant())) {
            throw new SignInFailed("Too many failed sign-ins: this account is locked for a while.");
        }
        String hash = (String) user.get("password_hash");
        boolean matches = passwords.matches(password, hash == null ? dummyHash : hash) && hash != null;
        if (!matches) {
            jdbc.sql("""
                            UPDATE api.store_user SET failed_sign_ins = failed_sign_ins + 1,
                                locked_until = CASE WHEN failed_sign_ins + 1 >= :max THEN :until ELSE locked_until END
                            WHERE id = :id""")
                    .param("max", properties.maxFailedSignIns()).param("until", now().plus(properties.lockout())).param("id", id)
                    .update();
            throw new SignInFailed("Unknown user or wrong password.");
        }
        if (user.get("disabled_at") != null) {
            throw new SignInFailed("This user is disabled.");
        }
        jdbc.sql("UPDATE api.store_user SET failed_sign_ins = 0, locked_until = NULL WHERE id = :id").param("id", id).update();
        return new SignedIn(principal(id, (UUID) user.get("store_id"), (String) user.get("role")), newRefreshToken(id));
    }

    /**
     * Exchanges a refresh token once for a new one (rotation). A token used a second time was
     * copied: every refresh token of its user is revoked.
     */
    @Transactional(noRollbackFor = SignInFailed.class)
    public SignedIn refresh(String refreshToken) {
        byte[] hash = hash(refreshToken);
        Optional<UUID> user = jdbc.sql("""
                        UPDATE api.refresh_token SET used_at = :now
                        WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now
                        RETURNING user_id""")
                .param("now", now()).param("hash", hash).query(UUID.class).optional();
        if (user.isEmpty()) {
            jdbc.sql("SELECT user_id FROM api.refresh_token WHERE token_hash = :hash AND used_at IS NOT NULL")
                    .param("hash", hash).query(UUID.class).optional().ifPresent(this::revokeRefreshTokens);
            throw new SignInFailed("The refresh token is unknown, used, expired or revoked.");
        }
        var row = jdbc.sql("SELECT store_id, role, disabled_at FROM api.store_user WHERE id = :id")
                .param("id", user.get()).query().singleRow();
        if (row.get("disabled_at") != null) {
            throw new SignInFailed("This user is disabled.");
        }
        return new SignedIn(principal(user.get(), (UUID) row.get("store_id"), (String) row.get("role")), newRefreshToken(user.get()));
    }

    private String newRefreshToken(UUID userId) {
        String token = secret();
        jdbc.sql("""
                        INSERT INTO api.refresh_token (id, user_id, token_hash, expires_at, created_at)
                        VALUES (:id, :user, :hash, :expires, :now)""")
                .param("id", UUID.randomUUID()).param("user", userId).param("hash", hash(token))
                .param("expires", now().plus(properties.refreshTokenLifetime())).param("now", now())
                .update();
        return token;
    }

    private void revokeRefreshTokens(UUID userId) {
        jdbc.sql("UPDATE api.refresh_token SET revoked_at = coalesce(revoked_at, :now) WHERE user_id = :user")
                .param("now", now()).param("user", userId).update();
    }

    private static LitperPrincipal principal(UUID userId, UUID storeId, String role) {
        return new LitperPrincipal("user:" + userId, storeId, Set.of(Role.valueOf(role)));
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "A password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
    }

    private static Instant toInstant(Object timestamp) {
        if (timestamp instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (timestamp instanceof java.sql.Timestamp sql) {
            return sql.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + timestamp.getClass());
    }

    private String secret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
