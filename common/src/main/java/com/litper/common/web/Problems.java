package com.litper.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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

    /**
     * A 400 for a request body that parsed but cannot be used, or did not parse: {@code errors}
     * lists each bad field as {@code {field, message}} (empty when the body was not even JSON).
     */
    public static ApiProblemException invalidBody(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(errors.isEmpty() ? "Malformed request body" : "Invalid request");
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return new ApiProblemException(problem, Map.of());
    }

    /** The first line of a parser's message: the rest is usually a source excerpt not meant for callers. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
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
