package com.litper.sandbox.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 answers of the sandbox's own endpoints (the carriers' errors and the developer pages). */
public final class Problems {

    private Problems() {
    }

    public static ResponseEntity<Object> of(HttpStatus status, String detail) {
        return of(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** A problem whose {@code errors} lists each bad field as {@code {field, message}}. */
    public static ResponseEntity<Object> invalid(HttpStatus status, String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("errors", errors);
        return of(problem);
    }

    public static ResponseEntity<Object> of(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
