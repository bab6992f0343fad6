package com.litper.sandbox.fault;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What a developer asks a sandbox endpoint to do wrong ({@code PUT /sandbox/.../faults}). Every field
 * is optional; an empty object behaves like no faults.
 *
 * @param latencyMs delay added before every answer, in milliseconds
 * @param failNext how many of the next calls fail; counts down to zero, then calls succeed again
 * @param failRate probability in [0, 1] that any other call fails
 * @param failStatus HTTP status of an injected failure (carriers: default 503; WhatsApp: the error code's usual status)
 * @param errorCode WhatsApp only: the Graph API error code of an injected failure (default 131000)
 */
public record FaultSettings(
        @Min(0) @Max(120_000) Integer latencyMs,
        @Min(0) Integer failNext,
        @DecimalMin("0.0") @DecimalMax("1.0") Double failRate,
        @Min(400) @Max(599) Integer failStatus,
        @Min(1) Integer errorCode) {

    public static final FaultSettings NONE = new FaultSettings(null, null, null, null, null);
}
