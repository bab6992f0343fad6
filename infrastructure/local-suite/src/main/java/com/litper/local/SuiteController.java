package com.litper.local;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The local suite's own pages on port 8000 (not part of the Ingress): {@code /} lists the
 * services with their readiness, {@code /services/{name}/health|ready} passes a service's probe
 * through, so one port shows the state of the whole suite.
 */
@RestController
class SuiteController {

    private final SuiteStatus status;

    SuiteController(SuiteStatus status) {
        this.status = status;
    }

    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> index() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        return status.describe(base);
    }

    @GetMapping("/services/{name}/{probe:health|ready}")
    ResponseEntity<?> probe(@PathVariable String name, @PathVariable String probe) {
        return SuiteService.named(name)
                .<ResponseEntity<?>>map(service -> {
                    SuiteStatus.Probe answer = status.probe(service, probe);
                    if (answer.httpStatus() == 0) {
                        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(Map.of("status", "STARTING"));
                    }
                    return ResponseEntity.status(answer.httpStatus()).contentType(MediaType.APPLICATION_JSON).body(answer.body());
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No service named '" + name + "'.")));
    }
}
