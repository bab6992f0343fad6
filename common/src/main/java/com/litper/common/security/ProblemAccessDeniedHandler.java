package com.litper.common.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** A 403 as problem+json: the caller is known, but its roles do not allow this endpoint. */
public final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    static final String DETAIL = "Your credentials are valid but their roles do not allow this endpoint.";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, DETAIL);
    }
}
