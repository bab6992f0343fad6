package com.litper.worker.carrier;

import java.util.List;

/**
 * Books shipments with one carrier and reads their events. Carriers speaking Litper's wire format
 * (docs/carriers-api.md) need no adapter of their own: {@link CarrierAdapters} gives each registry
 * carrier a {@link CarrierHttp}. A carrier whose API differs gets one class implementing this, as a
 * Spring bean whose {@link #carrier()} is its registry code; that and its registry entry are all it
 * needs. {@link CarrierClient} wraps every adapter in the carrier's retry and circuit breaker, so an
 * adapter reports failures by type:
 * <ul>
 *   <li>{@link CarrierCallException}: the carrier is unwell (5xx, 408, 429, network error, timeout,
 *       unreadable answer) — retried, counted against the circuit;</li>
 *   <li>{@link CarrierRejectedException}: the carrier refused the request (other 4xx) — neither;</li>
 *   <li>{@link CarrierCallInterruptedException}: the worker thread was interrupted — neither.</li>
 * </ul>
 */
public interface CarrierAdapter {

    /** The registry code of the carrier this adapter speaks to. */
    String carrier();

    /** Books a shipment; the booking's reference (the order id) must make a repeated booking return the same shipment. */
    Shipment book(BookingRequest booking);

    /** The shipment's events, oldest first as the carrier lists them. */
    List<CarrierEvent> events(String trackingNumber);
}
