package com.litper.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/** Builds RFC 9457 problem details with the fields every Litper error carries. */
public final class Problems {

    private Problems() {
    }

    /** A problem for {@code status} whose {@code detail} tells the caller what to change. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }

    /** Adds the request id (so a caller can quote it) and the path, when not already set. */
    public static ProblemDetail decorate(ProblemDetail problem, String requestId, String path) {
        if (requestId != null) {
            problem.setProperty(RequestIdFilter.REQUEST_ID, requestId);
        }
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(URI.create(path));
        }
        return problem;
    }

    static ProblemDetail decorate(ProblemDetail problem, WebRequest request) {
        Object id = request.getAttribute(RequestIdFilter.REQUEST_ID, RequestAttributes.SCOPE_REQUEST);
        String path = request.getDescription(false).replaceFirst("^uri=", "");
        return decorate(problem, id == null ? null : id.toString(), safePath(path));
    }

    static ProblemDetail decorate(ProblemDetail problem, HttpServletRequest request, String path) {
        Object id = request.getAttribute(RequestIdFilter.REQUEST_ID);
        return decorate(problem, id == null ? null : id.toString(), safePath(path));
    }

    private static String safePath(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path).getPath() == null ? null : path;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
