package com.litper.common.security;

/**
 * What a caller may do. Store roles come with a {@code store_id}; {@link #OPERATOR} is the
 * platform's own staff and has no store.
 */
public enum Role {
    /** Runs a store: everything the store can do, including managing its users and keys. */
    OWNER,
    /** Works a store's orders and conversations. */
    SUPPORT,
    /** Reads a store's data. */
    VIEWER,
    /** A shop integration, authenticated by an API key of the store. */
    INTEGRATION,
    /** Litper's operators: platform endpoints (store creation, dead letters, replays). */
    OPERATOR;

    /** The Spring Security authority of the role, as {@code hasRole(...)} checks it. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** True for roles that act on one store's data and so need a {@code store_id}. */
    public boolean isStoreRole() {
        return this != OPERATOR;
    }
}
