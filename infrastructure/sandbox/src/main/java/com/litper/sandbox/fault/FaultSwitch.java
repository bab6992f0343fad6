package com.litper.sandbox.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults currently injected into one endpoint group (a carrier, or the Cloud API): a fixed
 * latency, a countdown of failing calls, and a failure probability. Thread-safe; replaced as a whole.
 */
public final class FaultSwitch {

    /** An injected failure: the HTTP status and, for WhatsApp, the Graph error code (null when not set). */
    public record Failure(Integer status, Integer errorCode) {
    }

    private record Active(FaultSettings settings, AtomicInteger remaining) {
    }

    private volatile Active active = new Active(FaultSettings.NONE, new AtomicInteger());

    public void set(FaultSettings settings) {
        active = new Active(settings, new AtomicInteger(settings.failNext() == null ? 0 : settings.failNext()));
    }

    public void clear() {
        set(FaultSettings.NONE);
    }

    /** The latency to add before answering this call. */
    public Duration latency() {
        Integer ms = active.settings().latencyMs();
        return ms == null ? Duration.ZERO : Duration.ofMillis(ms);
    }

    /**
     * Decides whether this call fails: first the countdown, then the failure rate. Waits the
     * latency first, as a slow provider would, whether or not the call then fails.
     */
    public Optional<Failure> apply() throws InterruptedException {
        Active current = active;
        Duration latency = latency();
        if (!latency.isZero()) {
            Thread.sleep(latency.toMillis());
        }
        FaultSettings settings = current.settings();
        boolean fail = current.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                || (settings.failRate() != null && ThreadLocalRandom.current().nextDouble() < settings.failRate());
        return fail ? Optional.of(new Failure(settings.failStatus(), settings.errorCode())) : Optional.empty();
    }

    /** What is injected now, with the calls still to fail, for {@code GET /sandbox/.../faults}. */
    public Map<String, Object> describe() {
        Active current = active;
        FaultSettings settings = current.settings();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("latencyMs", settings.latencyMs() == null ? 0 : settings.latencyMs());
        view.put("failNext", current.remaining().get());
        view.put("failRate", settings.failRate() == null ? 0.0 : settings.failRate());
        view.put("failStatus", settings.failStatus());
        view.put("errorCode", settings.errorCode());
        return view;
    }
}
