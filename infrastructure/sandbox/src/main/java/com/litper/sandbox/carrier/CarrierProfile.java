package com.litper.sandbox.carrier;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The five carriers the sandbox plays: their guide numbers and their own status codes (the table of
 * docs/carriers.md), and whether they send webhooks by default (Interrapidísimo is polled).
 */
enum CarrierProfile {
    SERVIENTREGA("SV", 9, true, "100", "200", List.of("300", "310"), "400", "500", "600"),
    COORDINADORA("CO", 9, true, "guia-generada", "recogida", List.of("en-terminal-origen", "en-transporte"), "en-reparto",
            "entregada", "novedad"),
    INTERRAPIDISIMO("IR", 10, false, "admitida", "recolectada", List.of("en-centro-acopio", "en-viaje"), "en-distribucion",
            "entregada", "con-novedad"),
    ENVIA("EN", 9, true, "gen", "rec", List.of("trn"), "rep", "ent", "nov"),
    TCC("TCC", 9, true, "10", "20", List.of("30", "35"), "40", "50", "60");

    private final String prefix;
    private final int digits;
    private final boolean webhooksByDefault;
    private final String created;
    private final String pickedUp;
    private final List<String> inTransit;
    private final String outForDelivery;
    private final String delivered;
    private final String exception;

    CarrierProfile(String prefix, int digits, boolean webhooksByDefault, String created, String pickedUp, List<String> inTransit,
            String outForDelivery, String delivered, String exception) {
        this.prefix = prefix;
        this.digits = digits;
        this.webhooksByDefault = webhooksByDefault;
        this.created = created;
        this.pickedUp = pickedUp;
        this.inTransit = inTransit;
        this.outForDelivery = outForDelivery;
        this.delivered = delivered;
        this.exception = exception;
    }

    /** The lower-case name in paths, webhooks and configuration. */
    String id() {
        return name().toLowerCase();
    }

    static Optional<CarrierProfile> named(String name) {
        return Arrays.stream(values()).filter(c -> c.id().equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(CarrierProfile::id).toList();
    }

    boolean webhooksByDefault() {
        return webhooksByDefault;
    }

    /** A fresh guide number in the carrier's style, e.g. {@code SV482913377}. */
    String newTrackingNumber() {
        StringBuilder number = new StringBuilder(prefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        number.append(1 + random.nextInt(9));
        for (int i = 1; i < digits; i++) {
            number.append(random.nextInt(10));
        }
        return number.toString();
    }

    /**
     * The steps a parcel goes through: created, picked up, in transit (twice where the carrier has a
     * second transit code), out for delivery, delivered; a novedad route fails the first delivery
     * attempt (buyer absent) and succeeds on the second.
     */
    List<Step> route(boolean novedad) {
        return route(novedad, false);
    }

    /**
     * {@link #route(boolean)}, or when the buyer refuses the parcel: out for delivery, a novedad
     * (the recipient refuses it), then returned to the sender.
     */
    List<Step> route(boolean novedad, boolean refused) {
        if (refused) {
            List<Step> steps = new java.util.ArrayList<>(route(false, false).subList(0, route(false, false).size() - 1));
            steps.add(new Step(Milestone.EXCEPTION, exception, "El destinatario rechaza el pedido", "Rechazado por el destinatario"));
            steps.add(new Step(Milestone.RETURNED, returnedCode(), Milestone.RETURNED.description(), null));
            return List.copyOf(steps);
        }
        List<Step> steps = new java.util.ArrayList<>();
        steps.add(step(Milestone.CREATED, created));
        steps.add(step(Milestone.PICKED_UP, pickedUp));
        steps.add(new Step(Milestone.IN_TRANSIT, inTransit.get(0), "En centro de distribución de origen", null));
        if (inTransit.size() > 1) {
            steps.add(new Step(Milestone.IN_TRANSIT, inTransit.get(1), "En tránsito hacia la ciudad de destino", null));
        }
        steps.add(step(Milestone.OUT_FOR_DELIVERY, outForDelivery));
        if (novedad) {
            steps.add(new Step(Milestone.EXCEPTION, exception, "No se pudo entregar: cliente ausente", "Cliente ausente"));
            steps.add(new Step(Milestone.OUT_FOR_DELIVERY, outForDelivery, "En reparto, segundo intento de entrega", null));
        }
        steps.add(step(Milestone.DELIVERED, delivered));
        return List.copyOf(steps);
    }

    /** The carrier's code for a parcel back with the sender (the table of docs/carriers.md). */
    String returnedCode() {
        return switch (this) {
            case SERVIENTREGA -> "700";
            case COORDINADORA -> "devuelta";
            case INTERRAPIDISIMO -> "devolucion-entregada";
            case ENVIA -> "dev";
            case TCC -> "70";
        };
    }

    private static Step step(Milestone milestone, String code) {
        return new Step(milestone, code, milestone.description(), null);
    }

    /** One step of a route: what it means, the carrier's code for it, its words and, for a novedad, why. */
    record Step(Milestone milestone, String code, String description, String reason) {
    }
}
