package com.litper.api.store;

import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every {@code /api/*} request by its {@code Authorization: Bearer <key>} header and
 * keeps the store in a request attribute; anything else is a 401 problem with
 * {@code WWW-Authenticate: Bearer}, before the body is read.
 */
class ApiKeyInterceptor implements HandlerInterceptor {

    static final String STORE_ATTRIBUTE = AuthenticatedStore.class.getName();
    private static final String REALM = "Bearer realm=\"litper\"";

    private final ApiKeys apiKeys;

    ApiKeyInterceptor(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized(REALM, "Missing API key: send your store's key as 'Authorization: Bearer <key>'.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(REALM + ", error=\"invalid_request\"",
                    "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'.");
        }
        String key = authorization.substring(7).trim();
        AuthenticatedStore store = apiKeys.authenticate(key).orElseThrow(() -> unauthorized(REALM + ", error=\"invalid_token\"",
                "The API key is unknown or revoked."));
        request.setAttribute(STORE_ATTRIBUTE, store);
        return true;
    }

    private static ApiProblemException unauthorized(String challenge, String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, detail);
        return new ApiProblemException(problem, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }
}
