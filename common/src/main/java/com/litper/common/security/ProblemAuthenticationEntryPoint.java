package com.litper.common.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A 401 (or 400 for a malformed request) as problem+json, with the RFC 6750
 * {@code WWW-Authenticate: Bearer} challenge Spring computes. The detail says what was wrong with
 * the credential, never the credential itself.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    /** What a caller without credentials is told; api-service's clients read "Authorization: Bearer" in it. */
    static final String MISSING = "Missing credentials: send an access token (or, to api-service, an API key) as"
            + " 'Authorization: Bearer <token>'.";

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

    public ProblemAuthenticationEntryPoint() {
        challenge.setRealmName("litper");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        challenge.commence(request, response, e);
        HttpStatus status = HttpStatus.resolve(response.getStatus());
        ProblemResponses.write(request, response, status == null ? HttpStatus.UNAUTHORIZED : status, detail(e));
    }

    private static String detail(AuthenticationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
                // Every failed check (audience, lifetime, roles…), where Spring's description keeps only a generic text.
                return invalid.getErrors().stream().map(error -> error.getDescription()).distinct()
                        .collect(java.util.stream.Collectors.joining(" "));
            }
        }
        if (e instanceof OAuth2AuthenticationException oauth) {
            String description = oauth.getError().getDescription();
            return description == null || description.isBlank() ? "The bearer token is not valid." : description;
        }
        return MISSING;
    }
}
