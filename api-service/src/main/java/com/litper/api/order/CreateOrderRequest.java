package com.litper.api.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * The body of {@code POST /api/orders}, validated before the controller runs. Amounts are whole
 * Colombian pesos ({@link WholePesos}). What depends on reference data or configuration, the
 * municipality (DANE) and the carrier, is checked by {@link OrderService}, which resolves them.
 *
 * @param buyer who receives the parcel
 * @param destination where it goes
 * @param items what is in it
 * @param declaredValue value declared to the carrier (insurance), in pesos
 * @param cashOnDelivery amount the carrier collects from the buyer; 0 when the order is prepaid
 * @param preferredCarrier carrier the store wants, or null to let Litper choose
 * @param origin where the store ships it from, or null when it does not say
 */
record CreateOrderRequest(
        @NotNull @Valid Buyer buyer,
        @NotNull @Valid Destination destination,
        @NotEmpty @Size(max = MAX_ITEMS) List<@NotNull @Valid Item> items,
        @NotNull @PositiveOrZero @DecimalMax(value = MAX_PESOS, message = AT_MOST) @WholePesos BigDecimal declaredValue,
        @NotNull @PositiveOrZero @DecimalMax(value = MAX_PESOS, message = AT_MOST) @WholePesos BigDecimal cashOnDelivery,
        @Size(max = 50) String preferredCarrier,
        @Valid Origin origin) {

    static final int MAX_ITEMS = 200;
    static final String MAX_PESOS = "999999999999";
    static final String AT_MOST = "must be at most " + MAX_PESOS + " pesos";

    /**
     * @param name full name
     * @param phone Colombian mobile number: 10 digits starting with 3, optionally with +57 or 57, spaces or dashes
     */
    record Buyer(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 30) @ColombianMobile String phone) {
    }

    /**
     * @param address street address with any directions the carrier needs
     * @param city municipality: DANE code (e.g. 11001) or name (e.g. Bogotá)
     * @param department department: DANE code (e.g. 25) or name; needed only when the city name exists in several
     */
    record Destination(@NotBlank @Size(max = 500) String address, @NotBlank @Size(max = 100) String city,
            @Size(max = 100) String department) {
    }

    /** @param municipalityCode DANE 5-digit code of the municipality the parcel leaves from, e.g. 11001 */
    record Origin(@NotBlank @Pattern(regexp = "[0-9]{5}", message = "must be a DANE municipality code of 5 digits, e.g. 11001")
            String municipalityCode) {
    }

    /**
     * @param sku the store's product code
     * @param name product name
     * @param quantity units, at least 1
     * @param unitPrice price of one unit in pesos
     */
    record Item(@NotBlank @Size(max = 100) String sku, @NotBlank @Size(max = 200) String name,
            @NotNull @Min(1) @Max(100_000) Integer quantity,
            @NotNull @PositiveOrZero @DecimalMax(value = MAX_PESOS, message = AT_MOST) @WholePesos BigDecimal unitPrice) {
    }
}
