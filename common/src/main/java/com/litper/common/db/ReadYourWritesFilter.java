package com.litper.common.db;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** Opens a {@link ReadYourWrites} scope for each request, keyed by its Authorization header. */
public class ReadYourWritesFilter extends OncePerRequestFilter {

    private final ReadYourWrites readYourWrites;

    public ReadYourWritesFilter(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        readYourWrites.begin(request.getHeader(HttpHeaders.AUTHORIZATION));
        try {
            chain.doFilter(request, response);
        } finally {
            readYourWrites.end();
        }
    }
}
