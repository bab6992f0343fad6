package com.litper.common.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Holds a stopping service open for a moment after its readiness turned DOWN. Spring Boot marks a
 * closing web application REFUSING_TRAFFIC before it publishes {@link ContextClosedEvent}, and
 * stops the web server (graceful: in-flight requests finish) only after the listeners return. The
 * delay in between lets Kubernetes see {@code /ready} fail and take the pod out of its Service
 * before the server stops accepting connections.
 */
public class ReadinessDrain implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadinessDrain.class);

    private final Duration delay;

    public ReadinessDrain(Duration delay) {
        this.delay = delay;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (delay.isZero()) {
            return;
        }
        log.info("Readiness is DOWN; draining for {} before the web server stops accepting requests", delay);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
