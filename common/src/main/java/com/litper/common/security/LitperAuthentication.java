package com.litper.common.security;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated request: its principal is a {@link LitperPrincipal} whatever the credential
 * was (a JWT or, in api-service, an API key), so handlers never depend on how the caller signed in.
 */
public class LitperAuthentication extends AbstractAuthenticationToken {

    private final LitperPrincipal principal;

    public LitperAuthentication(LitperPrincipal principal) {
        super(authorities(principal));
        this.principal = principal;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(LitperPrincipal principal) {
        return principal.roles().stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority())).toList();
    }

    @Override
    public LitperPrincipal getPrincipal() {
        return principal;
    }

    /** Never kept: a token or key must not outlive the request, nor reach a log through toString. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return principal.subject();
    }
}
