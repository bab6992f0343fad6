package com.litper.sandbox.carrier;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every shipment booked with the sandbox, in memory, and the clock that moves them along their
 * routes: a few times per step interval, each unfinished shipment gets the events now due, and each
 * new event goes to the carrier's webhook.
 */
@Component
class CarrierShipments implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CarrierShipments.class);

    /** A booking's shipment, and whether this call created it (201) or found it by its key (200). */
    record Booking(SandboxShipment shipment, boolean created) {
    }

    private final CarrierSandboxProperties properties;
    private final CarrierWebhooks webhooks;
    private final Clock clock;
    private final Map<String, SandboxShipment> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, SandboxShipment> byTrackingNumber = new ConcurrentHashMap<>();
    private final List<SandboxShipment> all = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService ticker;

    CarrierShipments(CarrierSandboxProperties properties, CarrierWebhooks webhooks, Clock clock) {
        this.properties = properties;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** Books a parcel, or finds the one booked earlier with the same carrier and Idempotency-Key. */
    Booking book(CarrierProfile carrier, String idempotencyKey, BookingRequest request) {
        boolean[] created = {false};
        SandboxShipment shipment = byIdempotencyKey.computeIfAbsent(carrier.id() + ":" + idempotencyKey, key -> {
            created[0] = true;
            SandboxShipment fresh;
            do {
                fresh = new SandboxShipment(carrier, carrier.newTrackingNumber(), idempotencyKey, request,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), webhooks.enabledFor(carrier));
            } while (byTrackingNumber.putIfAbsent(carrier.id() + ":" + fresh.trackingNumber(), fresh) != null);
            return fresh;
        });
        if (created[0]) {
            all.add(shipment);
            log.info("{} booked {} for reference {} ({} route, webhooks {})", carrier.id(), shipment.trackingNumber(),
                    request.reference(), request.waitsForPickup() ? "espera" : request.asksForNovedad() ? "novedad" : "normal", shipment.webhooks() ? "on" : "off");
            advance(shipment);
        }
        return new Booking(shipment, created[0]);
    }

    /** The shipment with this guide number at this carrier, its events up to date. */
    Optional<SandboxShipment> find(CarrierProfile carrier, String trackingNumber) {
        Optional<SandboxShipment> shipment = Optional.ofNullable(byTrackingNumber.get(carrier.id() + ":" + trackingNumber));
        shipment.ifPresent(this::advance);
        return shipment;
    }

    /** Every shipment in booking order, optionally of one carrier. */
    List<SandboxShipment> all(Optional<CarrierProfile> carrier) {
        return all.stream().filter(s -> carrier.map(c -> c == s.carrier()).orElse(true)).toList();
    }

    private void advance(SandboxShipment shipment) {
        shipment.advance(clock.instant(), properties.stepInterval(), event -> {
            log.info("{} {}: event {} status {} ({})", shipment.carrier().id(), shipment.trackingNumber(), event.eventId(),
                    event.step().code(), event.step().milestone());
            webhooks.publish(shipment, event);
        });
    }

    private void tick() {
        try {
            for (SandboxShipment shipment : all) {
                if (!shipment.finished()) {
                    advance(shipment);
                }
            }
        } catch (RuntimeException e) {
            log.error("Could not advance the shipments", e);
        }
    }

    @Override
    public synchronized void start() {
        long period = Math.max(10, Math.min(1000, properties.stepInterval().toMillis() / 4));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "carrier-sandbox-clock");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        for (CarrierProfile carrier : CarrierProfile.values()) {
            log.info("Carrier sandbox {}: events every {}, webhooks {}", carrier.id(), properties.stepInterval(),
                    webhooks.enabledFor(carrier) ? "to " + properties.webhookUrl().replace("{carrier}", carrier.id()) : "off");
        }
    }

    @Override
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }
}
