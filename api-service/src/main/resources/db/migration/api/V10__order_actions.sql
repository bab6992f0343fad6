-- Actions a buyer confirmed with the support agent (apply_order_action, docs/api.md "Buyer actions"):
-- a delivery change or a cancellation, applied at most once per action, or refused with a reason.

ALTER TABLE orders
    -- The day the buyer asked to receive it (a delivery change), or null.
    ADD COLUMN delivery_date date,
    -- When the buyer cancelled it; a cancelled order keeps CANCELLED whatever its shipment reports later.
    ADD COLUMN cancelled_at  timestamptz;

CREATE TABLE order_action (
    -- agent-orchestrator's action id: a task delivered again finds its decision here.
    action_id   uuid PRIMARY KEY,
    order_id    uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('DELIVERY_CHANGE', 'CANCEL')),
    outcome     text        NOT NULL CHECK (outcome IN ('APPLIED', 'REFUSED')),
    -- Why it was refused, as the buyer reads it (Spanish).
    reason      text,
    decided_at  timestamptz NOT NULL
);
