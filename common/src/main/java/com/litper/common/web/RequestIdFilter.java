package com.litper.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, a new UUID
 * otherwise. The id is echoed in the response, put in the logging MDC (so every JSON log line of
 * the request carries it) and exposed as a request attribute for error responses.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    /** MDC key and request attribute under which the id is kept. */
    public static final String REQUEST_ID = "requestId";

    // Ids end up in logs and headers: accept only short tokens, never arbitrary text.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final String header;

    public RequestIdFilter(String header) {
        this.header = header;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(header);
        String requestId = incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID, requestId);
        response.setHeader(header, requestId);
        MDC.put(REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(REQUEST_ID);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // The error dispatch runs on the same thread and must still log with the request's id.
        return true;
    }
}
