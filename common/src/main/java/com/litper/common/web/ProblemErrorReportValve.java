package com.litper.common.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers as problem+json instead of its HTML page: requests Tomcat refuses
 * before any application code runs (a request target with an invalid character or encoding, an
 * encoded slash, too many or too large headers, two {@code Content-Length}s, an unknown
 * {@code Expect}). Errors of requests that reached the application are already answered by
 * {@link ProblemErrorController} and {@link ProblemDetailsAdvice}; this valve sees only what is left.
 * Tomcat's message is kept for a 4xx (it names what was wrong, e.g. "Invalid URI"), never for a 5xx.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String message = response.getMessage();
        String detail = status == null || status.is5xxServerError() || message == null || message.isBlank()
                ? defaultDetail(status)
                : message;
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status == null ? "Error" : status.getReasonPhrase());
        problem.put("status", code);
        problem.put("detail", detail);
        Object requestId = request.getAttribute(RequestIdFilter.REQUEST_ID);
        if (requestId != null) {
            problem.put(RequestIdFilter.REQUEST_ID, requestId.toString());
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response was committed meanwhile: nothing more to say.
        }
    }

    private static String defaultDetail(HttpStatus status) {
        if (status == null || status.is5xxServerError()) {
            return "An unexpected error occurred.";
        }
        return "The server refused the request before reading it: " + status.getReasonPhrase() + ".";
    }
}
