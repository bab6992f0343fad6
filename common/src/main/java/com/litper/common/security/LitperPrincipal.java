package com.litper.common.security;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as every service sees it: controllers take it with
 * {@code @AuthenticationPrincipal LitperPrincipal caller} (or {@link CurrentCaller}), and every
 * store-scoped query filters by {@link #storeId()}.
 *
 * @param subject the token's {@code sub}: a user id, {@code apikey:<id>} or an operator's name
 * @param storeId the store the caller acts for; null for operators
 * @param roles what the caller may do, never empty
 */
public record LitperPrincipal(String subject, UUID storeId, Set<Role> roles) {

    public LitperPrincipal {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public Optional<UUID> store() {
        return Optional.ofNullable(storeId);
    }

    /** The caller's store, for handlers that only serve store callers (the security rules let no one else in). */
    public UUID requireStore() {
        if (storeId == null) {
            throw new IllegalStateException("The caller " + subject + " acts for no store");
        }
        return storeId;
    }
}
