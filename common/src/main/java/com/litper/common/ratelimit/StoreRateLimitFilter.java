package com.litper.common.ratelimit;

import com.litper.common.security.CurrentCaller;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts every authenticated {@code /api/**} request of a store against the store's limit (it runs
 * after Spring Security, which knows the store) and answers 429 problem+json with
 * {@code Retry-After} once the store used it up. Every counted response carries the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} headers (draft-ietf-httpapi-ratelimit-headers).
 * Public paths and operators, who act for no store, are not counted.
 */
public final class StoreRateLimitFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StoreRateLimits limits;

    public StoreRateLimitFilter(StoreRateLimits limits) {
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/api") || path.startsWith("/api/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<LitperPrincipal> caller = CurrentCaller.get();
        if (caller.isEmpty() || caller.get().storeId() == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<StoreRateLimits.Decision> decision = limits.acquire(caller.get().storeId());
        if (decision.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        StoreRateLimits.Decision d = decision.get();
        response.setHeader("RateLimit-Policy", "\"store\";q=" + d.limit().requests() + ";w=" + d.limit().window().toSeconds());
        response.setHeader("RateLimit", "\"store\";r=" + d.remaining() + ";t=" + d.secondsToReset());
        if (d.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(d.secondsToReset()));
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.TOO_MANY_REQUESTS.getReasonPhrase());
        problem.put("status", HttpStatus.TOO_MANY_REQUESTS.value());
        problem.put("detail", "Your store made more than " + d.limit().requests() + " requests in " + d.limit().window().toSeconds()
                + " seconds to this service; retry after " + d.secondsToReset() + " seconds.");
        problem.put("instance", request.getRequestURI());
        Object requestId = request.getAttribute(RequestIdFilter.REQUEST_ID);
        if (requestId != null) {
            problem.put(RequestIdFilter.REQUEST_ID, requestId.toString());
        }
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
