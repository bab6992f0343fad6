package com.litper.sandbox.anthropic;

import com.litper.sandbox.fault.FaultSettings;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The developer's side of the Messages API sandbox: the faults injected into
 * {@code POST /anthropic/v1/messages} (latency, {@code failNext}, {@code failRate}, {@code failStatus}
 * 429 or 529 — the default), and the requests it received with the concurrency high-water mark.
 */
@RestController
@RequestMapping("/sandbox/anthropic")
class AnthropicSandboxController {

    private final AnthropicFaults faults;
    private final ReceivedRequests received;

    AnthropicSandboxController(AnthropicFaults faults, ReceivedRequests received) {
        this.faults = faults;
        this.received = received;
    }

    @GetMapping("/faults")
    Map<String, Object> faults() {
        return faults.get().describe();
    }

    @PutMapping("/faults")
    Map<String, Object> setFaults(@Validated @RequestBody FaultSettings settings) {
        faults.get().set(settings);
        return faults.get().describe();
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults() {
        faults.get().clear();
        return ResponseEntity.noContent().build();
    }

    /** {@code {"inFlight": n, "highWater": m, "requests": [...]}}, oldest first. */
    @GetMapping("/requests")
    Map<String, Object> requests() {
        return received.describe();
    }

    /** Forgets the requests and the high-water mark, e.g. before a measurement. */
    @DeleteMapping("/requests")
    ResponseEntity<Void> reset() {
        received.reset();
        return ResponseEntity.noContent().build();
    }
}
