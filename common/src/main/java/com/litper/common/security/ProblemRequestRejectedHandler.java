package com.litper.common.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refuses (a path with {@code ..;/}, {@code //}, an encoded
 * dot or slash, a parameter with a NUL…) is a 400 problem+json saying why, where Spring's default
 * sends a bare 400 whose body says nothing.
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        log.debug("Request rejected by the firewall: {}", e.getMessage());
        ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, detail(e));
    }

    /** The firewall's reason, without control characters and cut short: it may quote what the caller sent. */
    public static String detail(RequestRejectedException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\p{Cntrl}", "?");
        if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "…";
        }
        return "The request was refused before it was read: " + (reason.isBlank() ? "its path or parameters are not allowed." : reason)
                + " Send a normalised path (no '..', ';', '//' or encoded '.', '/', '%') and parameters without NUL characters.";
    }
}
