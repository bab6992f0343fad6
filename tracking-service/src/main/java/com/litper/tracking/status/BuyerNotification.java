package com.litper.tracking.status;

import java.util.ArrayList;
import java.util.List;

/**
 * The WhatsApp messages a buyer gets about a shipment, one per status a buyer cares about. Each
 * names an approved template (business-initiated messages outside the 24-hour window must use one)
 * and carries the same words as plain text for inside the window.
 */
enum BuyerNotification {
    /** First pickup or first move in transit. */
    SHIPPED("order_shipped"),
    OUT_FOR_DELIVERY("order_out_for_delivery"),
    DELIVERED("order_delivered"),
    /** A novedad, with the carrier's reason. */
    EXCEPTION("order_exception");

    /** The language of every template. */
    static final String LANGUAGE = "es";

    private final String template;

    BuyerNotification(String template) {
        this.template = template;
    }

    String template() {
        return template;
    }

    /** The message a move to {@code next} calls for, given the furthest status reached before it; null for none. */
    static BuyerNotification forMove(ShipmentStatus previousProgress, ShipmentStatus next) {
        return switch (next) {
            // Pickup and transit are one piece of news for a buyer: told once.
            case PICKED_UP, IN_TRANSIT -> previousProgress.rank() < ShipmentStatus.PICKED_UP.rank() ? SHIPPED : null;
            case OUT_FOR_DELIVERY -> OUT_FOR_DELIVERY;
            case DELIVERED -> DELIVERED;
            default -> null;
        };
    }

    /** Template parameters, in the template's order: first name, tracking number, carrier, and the reason of a novedad. */
    List<String> parameters(String buyerName, String trackingNumber, String carrier, String reason) {
        List<String> parameters = new ArrayList<>(List.of(firstName(buyerName), trackingNumber, carrier));
        if (this == EXCEPTION) {
            parameters.add(reason);
        }
        return parameters;
    }

    /** The message as plain Spanish text, for a buyer inside the 24-hour service window. */
    String text(String buyerName, String trackingNumber, String carrier, String reason) {
        String hello = firstName(buyerName).isEmpty() ? "Hola" : "Hola " + firstName(buyerName);
        return switch (this) {
            case SHIPPED -> hello + ", tu pedido ya fue despachado con " + carrier + ". Tu número de guía es " + trackingNumber + ".";
            case OUT_FOR_DELIVERY -> hello + ", tu pedido con guía " + trackingNumber + " de " + carrier
                    + " va en camino y llega hoy a tu dirección.";
            case DELIVERED -> hello + ", tu pedido con guía " + trackingNumber + " de " + carrier + " fue entregado. ¡Gracias por tu compra!";
            case EXCEPTION -> hello + ", tu pedido con guía " + trackingNumber + " de " + carrier + " tiene una novedad: " + reason
                    + ". Te contactaremos para resolverla.";
        };
    }

    private static String firstName(String buyerName) {
        if (buyerName == null || buyerName.isBlank()) {
            return "";
        }
        return buyerName.strip().split("\\s+")[0];
    }
}
