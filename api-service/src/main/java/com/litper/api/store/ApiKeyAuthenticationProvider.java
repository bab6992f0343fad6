package com.litper.api.store;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** Authenticates a bearer credential that is a Litper API key ({@code lp_live_…}) against the store's keys. */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys apiKeys;

    ApiKeyAuthenticationProvider(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = ((BearerTokenAuthenticationToken) authentication).getToken();
        return apiKeys.authenticate(key).map(ApiKeyAuthentication::new)
                .orElseThrow(() -> new InvalidBearerTokenException("The API key is unknown or revoked."));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static boolean isApiKey(String bearer) {
        return bearer.startsWith(ApiKeys.KEY_PREFIX);
    }
}
