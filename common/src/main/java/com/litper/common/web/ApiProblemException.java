package com.litper.common.web;

import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Thrown by a service to answer with a specific problem (status, title, detail, extra headers
 * such as {@code Retry-After}) instead of a 500.
 */
public class ApiProblemException extends RuntimeException {

    private final transient ProblemDetail problem;
    private final Map<String, String> headers;

    public ApiProblemException(HttpStatusCode status, String detail) {
        this(Problems.of(status, detail), Map.of());
    }

    public ApiProblemException(ProblemDetail problem, Map<String, String> headers) {
        super(problem.getDetail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemDetail problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
