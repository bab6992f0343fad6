-- The status model: who to tell (the buyer, from the booking), how far the shipment got and why it
-- stopped (a novedad), and for each event whether it moved the shipment and which WhatsApp message
-- that decided, so a retried handler repeats the same decision instead of making a new one.
ALTER TABLE shipment
    ADD COLUMN buyer_name         text,
    ADD COLUMN buyer_phone        text,
    ADD COLUMN booked_at          timestamptz,
    -- Furthest status reached on the way to the buyer, never EXCEPTION: what "forward" means after a novedad.
    ADD COLUMN progress           text NOT NULL DEFAULT 'CREATED',
    -- Why the shipment is in EXCEPTION (the carrier's reason); null otherwise.
    ADD COLUMN status_reason      text,
    -- When the event that set the current status happened (the carrier's clock), to ignore older ones.
    ADD COLUMN status_occurred_at timestamptz;

ALTER TABLE tracking_event
    ADD COLUMN reason       text,
    -- Whether this event changed the shipment's status; false for late or repeated statuses.
    ADD COLUMN applied      boolean NOT NULL DEFAULT false,
    -- The buyer message this event decided (SHIPPED, OUT_FOR_DELIVERY, DELIVERED, EXCEPTION), or null.
    ADD COLUMN notification text;

-- The public lookup goes by tracking number alone.
CREATE INDEX shipment_tracking_number_idx ON shipment (tracking_number);

-- Polling walks the open shipments of a carrier.
CREATE INDEX shipment_open_idx ON shipment (carrier, id) WHERE status NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED');
