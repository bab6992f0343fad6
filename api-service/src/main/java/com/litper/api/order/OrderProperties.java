package com.litper.api.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How order listings page. The carriers a store may name come from the carrier registry
 * ({@code litper.carriers.*}, litper-common's {@code CarrierRegistry}), shared with the services that
 * book and track them.
 *
 * @param defaultPageSize orders per page of {@code GET /api/orders} when the caller sends no {@code limit}
 * @param maxPageSize largest {@code limit} accepted
 */
@Validated
@ConfigurationProperties("litper.api.orders")
public record OrderProperties(
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("100") @Min(1) @Max(1000) int maxPageSize) {

    public OrderProperties {
        if (defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("litper.api.orders.default-page-size must not exceed max-page-size");
        }
    }
}
