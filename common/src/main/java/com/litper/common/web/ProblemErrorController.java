package com.litper.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the servlet container's error dispatch (errors raised outside Spring MVC's handlers:
 * filters, {@code sendError}, the container itself) with problem+json instead of Boot's default
 * error body or an HTML page. Server errors keep their detail generic; the cause goes to the log
 * where it happened.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = statusOf(request);
        String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status.is5xxServerError() || message == null || message.isBlank()
                ? defaultDetail(status)
                : message;
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem = Problems.decorate(Problems.of(status, detail), request, path);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String defaultDetail(HttpStatus status) {
        if (status.is5xxServerError()) {
            return "An unexpected error occurred. Quote the requestId when reporting it.";
        }
        return status.getReasonPhrase() + ".";
    }
}
