package com.litper.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 415 a request whose {@code Content-Type} is a pattern ({@code application/*},
 * {@code *}{@code /*}) rather than a media type: it says nothing about the body, and Spring MVC fails
 * on it with an {@code IllegalArgumentException} (a 500) in handlers that read the body as bytes,
 * such as the signed webhooks. Unparseable types are left to Spring MVC, which answers them 415.
 */
public class WildcardContentTypeFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && isWildcard(contentType)) {
            response.sendError(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), "Content-Type '" + contentType.replaceAll("\\p{Cntrl}", "?")
                    + "' is a pattern, not a media type: send the body's type, e.g. application/json.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isWildcard(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
