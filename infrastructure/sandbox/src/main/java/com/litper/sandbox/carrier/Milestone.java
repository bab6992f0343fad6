package com.litper.sandbox.carrier;

/**
 * Where a parcel is, in the terms every carrier shares; each carrier reports it under its own code
 * ({@link CarrierProfile}). The same statuses Litper's tracking-service maps the codes to.
 */
enum Milestone {
    CREATED("Guía generada"),
    PICKED_UP("Recogido en bodega del remitente"),
    IN_TRANSIT("En tránsito"),
    OUT_FOR_DELIVERY("En reparto"),
    DELIVERED("Entregado al destinatario"),
    EXCEPTION("Novedad en la entrega"),
    RETURNED("Devuelto al remitente");

    private final String description;

    Milestone(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
