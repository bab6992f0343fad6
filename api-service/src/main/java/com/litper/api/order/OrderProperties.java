package com.litper.api.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Orders: which carriers a store may ask for and how listings page.
 *
 * @param carriers carriers a store may name as {@code preferredCarrier}, lower case
 * @param defaultPageSize orders per page of {@code GET /api/orders} when the caller sends no {@code limit}
 * @param maxPageSize largest {@code limit} accepted
 */
@Validated
@ConfigurationProperties("litper.api.orders")
public record OrderProperties(
        @DefaultValue({"servientrega", "coordinadora", "interrapidisimo", "envia", "tcc"}) @NotEmpty List<String> carriers,
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("100") @Min(1) @Max(1000) int maxPageSize) {

    public OrderProperties {
        carriers = carriers.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        if (defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("litper.api.orders.default-page-size must not exceed max-page-size");
        }
    }
}
