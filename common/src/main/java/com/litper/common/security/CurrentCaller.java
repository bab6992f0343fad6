package com.litper.common.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The calling principal outside a controller's parameters (e.g. in a service invoked by a handler). */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    /** The request's caller, if it authenticated. */
    public static Optional<LitperPrincipal> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof LitperPrincipal principal) {
            return Optional.of(principal);
        }
        return Optional.empty();
    }

    /** The caller of a request that the security rules only let in authenticated. */
    public static LitperPrincipal require() {
        return get().orElseThrow(() -> new IllegalStateException("No authenticated caller: the path is not behind Litper's security rules"));
    }
}
