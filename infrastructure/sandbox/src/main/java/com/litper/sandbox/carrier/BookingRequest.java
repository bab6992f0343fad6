package com.litper.sandbox.carrier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /v1/shipments} (docs/carriers-api.md), checked as a carrier would before
 * printing a label; any violation is a 422 naming the fields.
 *
 * @param reference the shipper's order id
 * @param sender the store printed on the label
 * @param recipient the buyer and the delivery address
 * @param declaredValue value declared for insurance, whole pesos
 * @param cashOnDelivery amount to collect from the buyer, whole pesos; 0 when prepaid
 * @param currency {@code COP} when given
 * @param items what the parcel holds
 */
record BookingRequest(
        @NotBlank @Size(max = 128) String reference,
        @NotNull @Valid Sender sender,
        @NotNull @Valid Recipient recipient,
        @PositiveOrZero Long declaredValue,
        @PositiveOrZero Long cashOnDelivery,
        @Pattern(regexp = "COP", message = "must be COP") String currency,
        List<@NotNull @Valid Item> items) {

    /**
     * @param name the store, as printed on the label
     * @param cityCode DANE municipality code the parcel leaves from, 5 digits; optional
     */
    record Sender(@NotBlank @Size(max = 200) String name,
            @Pattern(regexp = "[0-9]{5}", message = "must be a 5-digit DANE municipality code") String cityCode) {
    }

    /**
     * @param phone E.164, e.g. {@code +573001234567}
     * @param cityCode DANE municipality code, 5 digits
     * @param departmentCode DANE department code, 2 digits
     */
    record Recipient(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an E.164 number such as +573001234567") String phone,
            @NotBlank @Size(max = 300) String address,
            @NotBlank @Pattern(regexp = "[0-9]{5}", message = "must be a 5-digit DANE municipality code") String cityCode,
            String city,
            @Pattern(regexp = "[0-9]{2}", message = "must be a 2-digit DANE department code") String departmentCode,
            String department) {
    }

    record Item(String sku, @NotBlank String name, @Positive int quantity, @PositiveOrZero long unitPrice) {
    }

    /** A recipient address with the word "espera" in it keeps the parcel booked: the carrier never picks it up. */
    boolean waitsForPickup() {
        return java.util.regex.Pattern.compile("\\bespera\\b", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE)
                .matcher(recipient.address()).find();
    }

    /** A recipient address with the word "novedad" in it sends the parcel down the route with a failed delivery attempt. */
    boolean asksForNovedad() {
        return java.util.regex.Pattern.compile("\\bnovedad\\b", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE)
                .matcher(recipient.address()).find();
    }

    /** A recipient address with the word "rechaza" in it: the buyer refuses the parcel at the door and it goes back to the sender. */
    boolean refusedByBuyer() {
        return java.util.regex.Pattern.compile("\\brechaza\\b", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE)
                .matcher(recipient.address()).find();
    }
}
