package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Book an accepted order's shipment. Produced by api-service ({@code OrderService}, through its
 * outbox, in the order's own statement); consumed by worker-service ({@code ProcessOrderHandler}),
 * which books with the carrier and sends {@link ShipmentBooked} and {@link SendWhatsapp}, or
 * {@link OrderFailed}. Self-contained: the worker never reads api-service's tables.
 *
 * @param orderId the order; the carrier's Idempotency-Key
 * @param storeId the store that sent it; picks the store's carrier rule
 * @param storeName the store's name, the sender on the label
 * @param buyer the recipient
 * @param destination address with DANE codes
 * @param items contents
 * @param declaredValue value declared to the carrier, in pesos
 * @param cashOnDelivery amount to collect, in pesos; 0 when prepaid
 * @param preferredCarrier the carrier the store asked for, or null to let the worker choose
 * @param createdAt when api-service accepted the order
 * @param originMunicipalityCode DANE 5-digit code of the municipality the store ships this order from, or null when the
 *     store did not say
 */
@TaskContract(name = "process_order", queue = "worker", priority = TaskPriority.NORMAL)
public record ProcessOrder(
        @NotNull UUID orderId,
        @NotNull UUID storeId,
        String storeName,
        @NotNull @Valid Buyer buyer,
        @NotNull @Valid Destination destination,
        @NotEmpty List<@NotNull @Valid Item> items,
        @NotNull @PositiveOrZero Long declaredValue,
        @NotNull @PositiveOrZero Long cashOnDelivery,
        String preferredCarrier,
        Instant createdAt,
        @Pattern(regexp = "[0-9]{5}", message = "must be a DANE municipality code of 5 digits") String originMunicipalityCode)
        implements TaskPayload {

    /** An order without a known origin. */
    public ProcessOrder(UUID orderId, UUID storeId, String storeName, Buyer buyer, Destination destination, List<Item> items,
            Long declaredValue, Long cashOnDelivery, String preferredCarrier, Instant createdAt) {
        this(orderId, storeId, storeName, buyer, destination, items, declaredValue, cashOnDelivery, preferredCarrier, createdAt, null);
    }

    /** One task per order, whichever path sends it. */
    @Override
    public String dedupKey() {
        return orderId == null ? null : "process-order:" + orderId;
    }

    /**
     * @param name full name, as on the label
     * @param phone E.164, e.g. +573001234567
     */
    public record Buyer(@NotBlank String name, @NotNull @Pattern(regexp = Contracts.E164, message = "must be E.164: a plus sign, the country code and the number") String phone) {
    }

    /**
     * @param address street address
     * @param municipalityCode DANE 5-digit code
     * @param city municipality name
     * @param departmentCode DANE 2-digit code
     * @param department department name
     */
    public record Destination(@NotBlank String address, @NotBlank String municipalityCode, String city, String departmentCode,
            String department) {
    }

    /**
     * @param sku the store's article code, or null
     * @param name what it is
     * @param quantity how many, at least 1
     * @param unitPrice in pesos
     */
    public record Item(String sku, String name, @Min(1) int quantity, @PositiveOrZero long unitPrice) {
    }
}
