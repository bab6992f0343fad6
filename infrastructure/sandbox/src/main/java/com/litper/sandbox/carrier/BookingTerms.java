package com.litper.sandbox.carrier;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * What a sandbox carrier promises and charges when it books a parcel (docs/carriers-api.md,
 * "Book a shipment"): the same booking always gets the same terms.
 *
 * <ul>
 *   <li>{@code promisedDeliveryDate}: the booking's day in Bogotá plus the carrier's business days
 *       (Monday to Friday; the sandbox keeps no holidays), fewer when the parcel stays in its
 *       department (the sender's {@code cityCode} and the recipient are in the same DANE department),
 *       more when it leaves it or the sender's municipality is not given;</li>
 *   <li>{@code freight}: the carrier's base price for that route in pesos plus
 *       {@value #PER_EXTRA_UNIT} pesos for each unit beyond the first (units stand in for weight).</li>
 * </ul>
 *
 * @param promisedDeliveryDate the day the carrier promises to deliver
 * @param freight the price in whole pesos
 */
record BookingTerms(LocalDate promisedDeliveryDate, long freight) {

    static final long PER_EXTRA_UNIT = 1_200;
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    /** One carrier's business days and base prices, within a department and between departments. */
    private record Tariff(int daysWithin, int daysBetween, long freightWithin, long freightBetween) {
    }

    private static Tariff tariff(CarrierProfile carrier) {
        return switch (carrier) {
            case SERVIENTREGA -> new Tariff(2, 3, 9_500, 13_900);
            case COORDINADORA -> new Tariff(2, 4, 9_200, 13_500);
            case INTERRAPIDISIMO -> new Tariff(3, 4, 8_500, 12_800);
            case ENVIA -> new Tariff(3, 5, 8_900, 14_200);
            case TCC -> new Tariff(2, 4, 10_200, 14_900);
        };
    }

    static BookingTerms of(CarrierProfile carrier, BookingRequest booking, Instant bookedAt) {
        Tariff tariff = tariff(carrier);
        boolean within = withinOneDepartment(booking);
        LocalDate promised = plusBusinessDays(LocalDate.ofInstant(bookedAt, BOGOTA), within ? tariff.daysWithin() : tariff.daysBetween());
        long units = units(booking.items());
        long freight = (within ? tariff.freightWithin() : tariff.freightBetween()) + PER_EXTRA_UNIT * Math.max(0, units - 1);
        return new BookingTerms(promised, freight);
    }

    static LocalDate plusBusinessDays(LocalDate day, int businessDays) {
        LocalDate date = day;
        int added = 0;
        while (added < businessDays) {
            date = date.plusDays(1);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return date;
    }

    private static boolean withinOneDepartment(BookingRequest booking) {
        String origin = booking.sender().cityCode();
        if (origin == null || origin.length() < 2) {
            return false;
        }
        String destination = booking.recipient().departmentCode() != null ? booking.recipient().departmentCode()
                : booking.recipient().cityCode().substring(0, 2);
        return origin.substring(0, 2).equals(destination);
    }

    private static long units(List<BookingRequest.Item> items) {
        if (items == null || items.isEmpty()) {
            return 1;
        }
        return items.stream().mapToLong(item -> item == null ? 0 : item.quantity()).sum();
    }
}
