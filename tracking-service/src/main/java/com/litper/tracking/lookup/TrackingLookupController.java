package com.litper.tracking.lookup;

import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import com.litper.tracking.config.TrackedCarriers;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public tracking page's data: no API key, rate limited per client IP. The client IP is the
 * one the ingress reports in {@code X-Forwarded-For} (trusted only from internal proxies, see
 * {@code server.forward-headers-strategy}).
 */
@RestController
class TrackingLookupController {

    private static final Pattern TRACKING_NUMBER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final TrackingLookup lookup;
    private final LookupRateLimiter rateLimiter;

    TrackingLookupController(TrackingLookup lookup, LookupRateLimiter rateLimiter) {
        this.lookup = lookup;
        this.rateLimiter = rateLimiter;
    }

    @GetMapping("/api/tracking/{trackingNumber}")
    TrackingView track(@PathVariable String trackingNumber, @RequestParam(required = false) String carrier, HttpServletRequest request) {
        // Counted before anything else, unknown numbers included, so the limit also slows guessing.
        OptionalLong wait = rateLimiter.acquire(request.getRemoteAddr());
        if (wait.isPresent()) {
            ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many tracking lookups from this address; try again in " + wait.getAsLong() + " seconds.");
            problem.setTitle("Too many requests");
            throw new ApiProblemException(problem, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong())));
        }
        if (!TRACKING_NUMBER.matcher(trackingNumber).matches()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "A tracking number is 1 to 64 letters, digits or hyphens.");
        }
        List<TrackingView> found = lookup.find(trackingNumber, carrier == null || carrier.isBlank() ? null : TrackedCarriers.normalise(carrier));
        if (found.isEmpty()) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "No shipment has the tracking number " + trackingNumber
                    + (carrier == null ? "" : " with carrier " + carrier) + ". Check the number on your guide.");
        }
        if (found.size() > 1) {
            // Guide numbers are unique per carrier only; two carriers may have issued the same one.
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "Several carriers use the tracking number " + trackingNumber
                    + ": add ?carrier= with one of " + found.stream().map(TrackingView::carrier).toList() + ".");
            problem.setTitle("Ambiguous tracking number");
            throw new ApiProblemException(problem, Map.of());
        }
        return found.get(0);
    }
}
