package com.litper.api.auth;

import com.litper.api.store.ApiKeys;
import com.litper.api.store.AuthenticatedStore;
import com.litper.api.user.StoreUsers;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth2 token endpoint ({@code POST /api/auth/token}, form-encoded): a store user's email and
 * password or an operator's name and password ({@code password}), a user's refresh token
 * ({@code refresh_token}) or an API key ({@code client_credentials}) for a short-lived access token
 * that every service accepts.
 */
@RestController
class TokenController {

    private final TokenIssuer issuer;
    private final ApiKeys apiKeys;
    private final Operators operators;
    private final StoreUsers users;

    TokenController(TokenIssuer issuer, ApiKeys apiKeys, Operators operators, StoreUsers users) {
        this.issuer = issuer;
        this.apiKeys = apiKeys;
        this.operators = operators;
        this.users = users;
    }

    @PostMapping(path = "/api/auth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!issuer.canIssue()) {
            throw new TokenError(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "This api-service has no signing keys (litper.api.auth.signing-keys) and issues no tokens.");
        }
        String grantType = single(form, "grant_type");
        if (grantType == null) {
            throw TokenError.invalidRequest("Missing grant_type: client_credentials or password.");
        }
        StoreUsers.SignedIn signedIn = switch (grantType) {
            case "client_credentials" -> new StoreUsers.SignedIn(apiKey(form, authorization), null);
            case "password" -> password(form);
            case "refresh_token" -> refresh(form);
            default -> throw new TokenError(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "grant_type must be password, refresh_token or client_credentials, was '" + grantType + "'.");
        };
        TokenIssuer.Issued issued = issuer.issue(signedIn.principal());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
        if (signedIn.refreshToken() != null) {
            body.put("refresh_token", signedIn.refreshToken());
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache").body(body);
    }

    /** The API key as {@code client_secret}, or as the password of HTTP Basic client authentication. */
    private LitperPrincipal apiKey(MultiValueMap<String, String> form, String authorization) {
        String key = single(form, "client_secret");
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw TokenError.invalidClient("The Basic credentials are not valid Base64.");
            }
            int colon = decoded.indexOf(':');
            key = colon < 0 ? null : decoded.substring(colon + 1);
        }
        if (key == null || key.isBlank()) {
            throw TokenError.invalidClient("Send the store's API key as client_secret.");
        }
        AuthenticatedStore store = apiKeys.authenticate(key)
                .orElseThrow(() -> TokenError.invalidClient("The API key is unknown or revoked."));
        return new LitperPrincipal("apikey:" + store.keyId(), store.id(), Set.of(Role.INTEGRATION));
    }

    /** A store user (email) gets a refresh token too; an operator (a name) does not. */
    private StoreUsers.SignedIn password(MultiValueMap<String, String> form) {
        String username = single(form, "username");
        String password = single(form, "password");
        if (username == null || password == null) {
            throw TokenError.invalidRequest("The password grant needs username and password.");
        }
        if (Operators.isOperatorName(username)) {
            return new StoreUsers.SignedIn(operators.signIn(username, password), null);
        }
        try {
            return users.signIn(username, password);
        } catch (StoreUsers.SignInFailed e) {
            throw TokenError.invalidGrant(e.getMessage());
        }
    }

    private StoreUsers.SignedIn refresh(MultiValueMap<String, String> form) {
        String token = single(form, "refresh_token");
        if (token == null) {
            throw TokenError.invalidRequest("The refresh_token grant needs refresh_token.");
        }
        try {
            return users.refresh(token);
        } catch (StoreUsers.SignInFailed e) {
            throw TokenError.invalidGrant(e.getMessage());
        }
    }

    private static String single(MultiValueMap<String, String> form, String name) {
        var values = form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw TokenError.invalidRequest("Parameter " + name + " was sent more than once.");
        }
        return values.get(0);
    }

    @ExceptionHandler(TokenError.class)
    ResponseEntity<Map<String, String>> tokenError(TokenError e) {
        return ResponseEntity.status(e.status()).cacheControl(CacheControl.noStore())
                .body(Map.of("error", e.error(), "error_description", e.getMessage()));
    }
}
