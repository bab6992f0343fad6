package com.litper.api.auth;

import com.litper.api.store.ApiKeys;
import com.litper.api.store.AuthenticatedStore;
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
 * The OAuth2 token endpoint ({@code POST /api/auth/token}, form-encoded): an API key
 * ({@code client_credentials}) or an operator's name and password ({@code password}) for a
 * short-lived access token that every service accepts.
 */
@RestController
class TokenController {

    private final TokenIssuer issuer;
    private final ApiKeys apiKeys;
    private final Operators operators;

    TokenController(TokenIssuer issuer, ApiKeys apiKeys, Operators operators) {
        this.issuer = issuer;
        this.apiKeys = apiKeys;
        this.operators = operators;
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
        LitperPrincipal principal = switch (grantType) {
            case "client_credentials" -> apiKey(form, authorization);
            case "password" -> password(form);
            default -> throw new TokenError(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "grant_type must be client_credentials or password, was '" + grantType + "'.");
        };
        TokenIssuer.Issued issued = issuer.issue(principal);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
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

    private LitperPrincipal password(MultiValueMap<String, String> form) {
        String username = single(form, "username");
        String password = single(form, "password");
        if (username == null || password == null) {
            throw TokenError.invalidRequest("The password grant needs username and password.");
        }
        if (Operators.isOperatorName(username)) {
            return operators.signIn(username, password);
        }
        throw TokenError.invalidGrant("Unknown user or wrong password.");
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
