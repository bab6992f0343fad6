-- Carrier events for a guide no shipment has yet: a carrier may report on a guide before
-- worker-service's shipment_booked reaches this service. Each is kept here, once per carrier, guide
-- and event id, until the shipment appears (then it is applied, in the order the events happened,
-- and deleted) or until litper.tracking.pending-events.retention has passed (then it is dropped).
CREATE TABLE pending_carrier_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier          text        NOT NULL,
    tracking_number  text        NOT NULL,
    carrier_event_id text        NOT NULL,
    -- The carrier's own status code: mapped when the event is applied, as for any other event.
    carrier_status   text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    description      text,
    reason           text,
    received_at      timestamptz NOT NULL,
    UNIQUE (carrier, tracking_number, carrier_event_id)
);

-- Expiry walks the oldest first.
CREATE INDEX pending_carrier_event_received_idx ON pending_carrier_event (received_at);
