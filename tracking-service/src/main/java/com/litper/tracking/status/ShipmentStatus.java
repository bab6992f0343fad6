package com.litper.tracking.status;

/**
 * The one status model every carrier's own codes map to. The rank orders the way to the buyer:
 * a shipment only moves to a higher rank, so late events never move it backwards. EXCEPTION (a
 * novedad) stands outside that order; DELIVERED, RETURNED and CANCELLED are final.
 */
public enum ShipmentStatus {
    CREATED(0),
    PICKED_UP(1),
    IN_TRANSIT(2),
    OUT_FOR_DELIVERY(3),
    DELIVERED(4),
    /** A novedad: the delivery is held up (buyer absent, wrong address, damage…), with a reason. */
    EXCEPTION(-1),
    RETURNED(4),
    CANCELLED(4);

    private final int rank;

    ShipmentStatus(int rank) {
        this.rank = rank;
    }

    /** Position on the way to the buyer; -1 for EXCEPTION, which has none. */
    public int rank() {
        return rank;
    }

    /** Nothing changes a shipment after this status. */
    public boolean isFinal() {
        return this == DELIVERED || this == RETURNED || this == CANCELLED;
    }
}
