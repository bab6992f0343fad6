package com.litper.common.web.autoconfigure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP behaviour shared by every Litper service.
 *
 * @param requestIdHeader header that carries the request id in and out of every service; a valid
 *     incoming value is kept so one id follows a request across services and tasks
 * @param maxRequestBody largest request body accepted; larger ones get 413 before any handler runs
 * @param drainDelay how long a stopping service keeps answering after its readiness turned DOWN,
 *     so load balancers stop sending it traffic before it stops accepting connections (0 locally,
 *     a few seconds under Kubernetes)
 * @param requestTimeout how long an {@code /api/*} request may take (the specification's 30 s): its
 *     transactions are rolled back and it answers 503 when it runs longer
 */
@Validated
@ConfigurationProperties("litper.web")
public record LitperWebProperties(
        @DefaultValue("X-Request-Id") @NotBlank @Pattern(regexp = "[A-Za-z0-9-]+") String requestIdHeader,
        @DefaultValue("1MB") @NotNull DataSize maxRequestBody,
        @DefaultValue("0s") @NotNull Duration drainDelay,
        @DefaultValue("30s") @NotNull Duration requestTimeout) {

    public LitperWebProperties {
        if (maxRequestBody.toBytes() <= 0) {
            throw new IllegalArgumentException("litper.web.max-request-body must be positive, was " + maxRequestBody);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("litper.web.request-timeout must be positive, was " + requestTimeout);
        }
        if (drainDelay.isNegative()) {
            throw new IllegalArgumentException("litper.web.drain-delay must not be negative, was " + drainDelay);
        }
    }
}
