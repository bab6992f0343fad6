package com.litper.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each API request a deadline (the specification's 30 s) that its database work honours.
 *
 * <p>Why not the servlet container's async timeout: it applies only to async handlers and, when it
 * fires, answers the client while the handler thread keeps running and may still commit, which is
 * the one outcome that must not happen. Nor interrupting the thread: JDBC drivers and Tomcat's I/O
 * do not take interrupts well. Instead every transaction the request begins gets the remaining time
 * as its Spring transaction timeout (statements are cancelled at the deadline through
 * {@code Statement.setQueryTimeout}), and a transaction that reaches its commit after the deadline
 * is rolled back ({@link RequestDeadlineTransactionListener}); either way the request ends with a
 * 503 problem that says nothing was changed. A handler that does no database work and is slow is
 * answered late rather than cut off.
 */
public class RequestTimeoutFilter extends OncePerRequestFilter {

    private final Duration timeout;
    private final Clock clock;

    public RequestTimeoutFilter(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestDeadline.set(new RequestDeadline(timeout, clock));
        try {
            chain.doFilter(request, response);
        } finally {
            RequestDeadline.clear();
        }
    }
}
