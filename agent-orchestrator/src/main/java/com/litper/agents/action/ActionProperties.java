package com.litper.agents.action;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The support agent's actions on orders (docs/agents.md, "Actions").
 *
 * @param confirmFor how long the buyer's confirmation buttons stay valid; a press after it changes nothing
 * @param maxDaysAhead the furthest a new delivery date may be, in days from today
 * @param zone the time zone "today" and business days are counted in
 */
@Validated
@ConfigurationProperties("litper.agents.actions")
public record ActionProperties(
        @DefaultValue("30m") @NotNull Duration confirmFor,
        @DefaultValue("15") @Min(1) @Max(90) int maxDaysAhead,
        @DefaultValue("America/Bogota") @NotNull ZoneId zone) {
}
