-- A shipment is one carrier booking for one order; its events form the buyer-facing timeline.
CREATE TABLE shipment (
    id               uuid PRIMARY KEY,
    store_id         uuid        NOT NULL,
    order_id         uuid        NOT NULL,
    carrier          text        NOT NULL,
    tracking_number  text        NOT NULL,
    status           text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (carrier, tracking_number),
    UNIQUE (order_id)
);

CREATE TABLE tracking_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id      uuid        NOT NULL REFERENCES shipment (id),
    -- The carrier's own event id: a re-delivered webhook with the same id is a no-op.
    carrier_event_id text        NOT NULL,
    status           text        NOT NULL,
    carrier_status   text        NOT NULL,
    description      text,
    occurred_at      timestamptz NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (shipment_id, carrier_event_id)
);

CREATE INDEX tracking_event_timeline_idx ON tracking_event (shipment_id, occurred_at);
