-- What happened to an order after it was accepted, as tracking-service and worker-service report it
-- through the "api" queue (shipment_update, order_message, order_failed; docs/api.md). api-service
-- keeps its own copy so GET /api/orders/{id} never calls another service or reads its tables.

-- The order follows its shipment; FAILED when it could not be booked at all.
ALTER TABLE orders
    ADD COLUMN failure_reason text,
    ADD CONSTRAINT orders_status_check CHECK (status IN ('CREATED', 'BOOKED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY',
        'DELIVERED', 'EXCEPTION', 'RETURNED', 'CANCELLED', 'FAILED'));

-- The listing filtered by status, keyset-paginated like the unfiltered one.
CREATE INDEX orders_store_status_created_idx ON orders (store_id, status, created_at DESC, id DESC);

-- The order's shipment, one per order (tracking-service books one shipment per order).
CREATE TABLE order_shipment (
    order_id         uuid        PRIMARY KEY REFERENCES orders (id),
    shipment_id      uuid        NOT NULL,
    carrier          text        NOT NULL,
    tracking_number  text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED',
                                     'EXCEPTION', 'RETURNED', 'CANCELLED')),
    -- The novedad's reason while status is EXCEPTION.
    status_reason    text,
    -- tracking-service's change counter for the shipment: an update with a version not above this
    -- one is late or repeated and leaves status, reason and updated_at as they are.
    version          bigint      NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- The shipment's timeline: every event tracking-service recorded, also those that changed nothing.
CREATE TABLE order_timeline (
    -- Insertion order, the tie-break of events that happened at the same instant.
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id         uuid        NOT NULL REFERENCES orders (id),
    -- The carrier's event id, or "booked" for the entry of the booking.
    event_id         text        NOT NULL,
    status           text        NOT NULL,
    -- The carrier's own status code; null for "booked".
    carrier_status   text,
    occurred_at      timestamptz NOT NULL,
    description      text,
    reason           text,
    changed_status   boolean     NOT NULL,
    UNIQUE (order_id, event_id)
);

-- GET /api/orders/{id}: the timeline in the order things happened.
CREATE INDEX order_timeline_order_occurred_idx ON order_timeline (order_id, occurred_at, id);

-- WhatsApp messages the buyer received about the order (accepted by WhatsApp).
CREATE TABLE order_message (
    message_id   text        PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES orders (id),
    -- E.164; the buyer's phone, already part of the order.
    recipient    text        NOT NULL,
    -- Null when sent as free text.
    template     text,
    language     text,
    text         text        NOT NULL,
    -- The shipment status the message announced ("SHIPPED" for the booking message), or null.
    status       text,
    sent_at      timestamptz NOT NULL
);

-- GET /api/orders/{id}: the messages in the order they were sent.
CREATE INDEX order_message_order_sent_idx ON order_message (order_id, sent_at, message_id);
