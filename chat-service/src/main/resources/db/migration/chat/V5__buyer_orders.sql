-- What chat-service knows of buyers' orders: which store and buyer each order belongs to (so a
-- buyer's message on a number several stores share finds its store), what the buyer was told, and
-- the messages WhatsApp refused.

-- One row per order: its store and buyer, and when its latest event happened (the carrier's clock).
CREATE TABLE buyer_order (
    order_id       uuid PRIMARY KEY,
    store_id       uuid        NOT NULL,
    buyer_phone    text        NOT NULL CHECK (buyer_phone ~ '^\+[1-9][0-9]{7,14}$'),
    last_event_at  timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- A buyer's orders, most recent first: where their next message belongs.
CREATE INDEX buyer_order_buyer_idx ON buyer_order (buyer_phone, last_event_at DESC);

-- Each event of an order the buyer was told (SHIPPED, OUT_FOR_DELIVERY, EXCEPTION, DELIVERED), once.
CREATE TABLE buyer_notification (
    order_id     uuid        NOT NULL REFERENCES buyer_order (order_id),
    event        text        NOT NULL CHECK (event IN ('SHIPPED', 'OUT_FOR_DELIVERY', 'EXCEPTION', 'DELIVERED')),
    -- When the event happened (the carrier's clock).
    occurred_at  timestamptz NOT NULL,
    -- Whether it went as free text inside the buyer's 24-hour window, else as the approved template.
    free_text    boolean     NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, event)
);

-- A message WhatsApp refused for good has no WhatsApp id: it is known by the send_whatsapp task that
-- gave up, once per task (whatsapp_failed).
ALTER TABLE message ADD COLUMN send_task_id text UNIQUE;
