package com.litper.api.auth;

import org.springframework.http.HttpStatus;

/** An OAuth2 error of the token endpoint (RFC 6749 §5.2), answered as {@code {error, error_description}}. */
final class TokenError extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    TokenError(HttpStatus status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    static TokenError invalidRequest(String description) {
        return new TokenError(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    static TokenError invalidGrant(String description) {
        return new TokenError(HttpStatus.BAD_REQUEST, "invalid_grant", description);
    }

    static TokenError invalidClient(String description) {
        return new TokenError(HttpStatus.UNAUTHORIZED, "invalid_client", description);
    }

    HttpStatus status() {
        return status;
    }

    String error() {
        return error;
    }
}
