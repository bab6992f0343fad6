package com.litper.common.web;

import com.litper.common.db.DatabaseFailures;
import com.litper.common.security.ProblemRequestRejectedHandler;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every exception a controller can raise into an RFC 9457 problem, always as
 * {@code application/problem+json} whatever the request's {@code Accept} says: Spring MVC's own
 * exceptions (404, 405, 415, malformed bodies…) through {@link ResponseEntityExceptionHandler},
 * with details a caller can act on, and anything unexpected into a 500 whose detail names only the
 * request id. Stack traces go to the log, never to the client.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** Seconds a client should wait before retrying after the database failed it. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    /** An exception a service throws on purpose, carrying the status and detail the caller gets. */
    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<ProblemDetail> handleApiProblem(ApiProblemException e, WebRequest request) {
        ProblemDetail problem = Problems.decorate(e.problem(), request);
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::add);
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e, WebRequest request) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, describe(errors));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return answer(ResponseEntity.badRequest(), problem, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getName() + "' has the value '" + e.getValue() + "', which is not a valid " + expected + ".");
        problem.setTitle("Invalid request");
        return answer(ResponseEntity.badRequest(), problem, request);
    }

    /**
     * Spring Security's firewall checks parameters when a handler first reads them, so a refused
     * parameter value surfaces here rather than in its {@code RequestRejectedHandler}.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> handleRequestRejected(RequestRejectedException e, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemRequestRejectedHandler.detail(e));
        problem.setTitle("Invalid request");
        return answer(ResponseEntity.badRequest(), problem, request);
    }

    /**
     * Tomcat could not decode a query or form parameter (an invalid percent-encoding such as
     * {@code %zz}, bytes that are not UTF-8) when the handler asked for parameters.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> handleInvalidParameter(InvalidParameterException e, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST,
                "A query or form parameter is not valid percent-encoded UTF-8 (e.g. '%zz'); encode parameters as RFC 3986 says.");
        problem.setTitle("Invalid request");
        return answer(ResponseEntity.badRequest(), problem, request);
    }

    /**
     * The request ran past its deadline (litper.web.request-timeout): a transaction was refused its
     * commit, or a statement was cancelled or refused at the deadline, and rolled back.
     */
    @ExceptionHandler(RequestTimeoutException.class)
    ResponseEntity<ProblemDetail> handleRequestTimeout(RequestTimeoutException e, WebRequest request) {
        RequestDeadline deadline = RequestDeadline.current();
        return requestTimedOut(deadline, request);
    }

    private static ResponseEntity<ProblemDetail> requestTimedOut(RequestDeadline deadline, WebRequest request) {
        long seconds = deadline == null ? 0 : deadline.timeout().toSeconds();
        log.warn("{} stopped after its {} s deadline; its open transaction was rolled back", request.getDescription(false), seconds);
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, deadline != null && deadline.committedChanges()
                ? "The request took longer than " + seconds + " s and was stopped. Changes it had saved before then"
                        + " were kept: read the resource before retrying."
                : "The request took longer than " + seconds + " s and was stopped; nothing was changed by it.");
        problem.setTitle("Request took too long");
        return answer(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE), problem, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e, WebRequest request) {
        RequestDeadline deadline = RequestDeadline.current();
        if (deadline != null && deadline.hasPassed() && DatabaseFailures.isTimeout(e)) {
            return requestTimedOut(deadline, request);
        }
        if (DatabaseFailures.isUnavailable(e)) {
            log.warn("Database unavailable while serving {}: {}", request.getDescription(false), rootMessage(e));
            ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "The database is unavailable or did not answer in time. Nothing was changed by this request"
                            + " unless a later read shows it; retry after " + DATABASE_RETRY_AFTER_SECONDS + " seconds.");
            problem.setTitle("Service temporarily unavailable");
            return answer(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(DATABASE_RETRY_AFTER_SECONDS)), problem, request);
        }
        log.error("Unhandled exception while serving {}", request.getDescription(false), e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. Quote the requestId when reporting it.");
        return answer(ResponseEntity.internalServerError(), problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var tooLarge = findCause(e, RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, unreadableDetail(e));
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new java.util.ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, describe(errors));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND,
                "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath() + " on this service.");
        return handleExceptionInternal(e, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.decorate(problem, request);
            // As in answer(): a preset type is written even to an Accept it does not match (or that does not parse).
            HttpHeaders problemHeaders = new HttpHeaders();
            problemHeaders.putAll(headers);
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return super.createResponseEntity(body, problemHeaders, status, request);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** Problems are written as problem+json whatever the Accept: a preset type skips negotiation. */
    private static ResponseEntity<ProblemDetail> answer(ResponseEntity.BodyBuilder response, ProblemDetail problem, WebRequest request) {
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.decorate(problem, request));
    }

    private static String unreadableDetail(HttpMessageNotReadableException e) {
        UnrecognizedPropertyException unknown = findCause(e, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return "Unknown field '" + unknown.getPropertyName() + "'" + at(unknown) + ".";
        }
        InvalidFormatException invalid = findCause(e, InvalidFormatException.class);
        if (invalid != null && StorableText.PROBLEM.equals(invalid.getOriginalMessage())) {
            return "Invalid value for field '" + path(invalid) + "': " + StorableText.PROBLEM + at(invalid) + ".";
        }
        MismatchedInputException mismatch = findCause(e, MismatchedInputException.class);
        if (mismatch != null) {
            String field = mismatch.getPathReference() == null || mismatch.getPath().isEmpty() ? "" : " for field '" + path(mismatch) + "'";
            String expected = mismatch.getTargetType() == null ? "" : ": expected " + describeType(mismatch.getTargetType());
            return "Invalid value" + field + expected + at(mismatch) + ".";
        }
        InputCoercionException range = findCause(e, InputCoercionException.class);
        if (range != null) {
            String field = range.getPath().isEmpty() ? "a field" : "field '" + path(range) + "'";
            return "Invalid value for " + field + at(range) + ": the number is out of range for it.";
        }
        StreamReadException syntax = findCause(e, StreamReadException.class);
        if (syntax != null) {
            return "Malformed JSON" + at(syntax) + ": " + Problems.firstLine(syntax.getOriginalMessage());
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "The request body is missing; send a JSON document.";
        }
        return "The request body could not be read as JSON.";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describeType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants()) : "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String describe(List<Map<String, String>> errors) {
        StringBuilder detail = new StringBuilder("The request has ").append(errors.size())
                .append(errors.size() == 1 ? " invalid field: " : " invalid fields: ");
        for (int i = 0; i < errors.size(); i++) {
            if (i > 0) {
                detail.append("; ");
            }
            detail.append(errors.get(i).get("field")).append(' ').append(errors.get(i).get("message"));
        }
        return detail.append('.').toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
