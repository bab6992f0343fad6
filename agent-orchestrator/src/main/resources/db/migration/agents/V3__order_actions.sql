-- Actions the support agent proposed on a buyer's order (a delivery change, a cancellation). A
-- proposal changes nothing: the buyer confirms it with a reply button, and api-service, which owns
-- orders, applies or refuses it (docs/agents.md, "Actions").
CREATE TABLE order_action (
    id                  uuid PRIMARY KEY,
    conversation_id     uuid        NOT NULL,
    store_id            uuid        NOT NULL,
    order_id            uuid        NOT NULL,
    -- The run whose tool proposed it.
    run_id              uuid        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('DELIVERY_CHANGE', 'CANCEL')),
    -- The order's guide as the buyer knows it, and the change: {"trackingNumber", "newAddress", "newDeliveryDate"}.
    parameters          jsonb       NOT NULL,
    -- PROPOSED, then CONFIRMED / DECLINED / EXPIRED by the buyer's press; a CONFIRMED one ends APPLIED or REFUSED.
    status              text        NOT NULL CHECK (status IN ('PROPOSED', 'CONFIRMED', 'DECLINED', 'EXPIRED', 'APPLIED', 'REFUSED')),
    -- Why api-service refused it, as the buyer read it.
    reason              text,
    -- WhatsApp's id of the press that decided it: a press delivered again repeats its effect, another press does not.
    pressed_message_id  text,
    proposed_at         timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    decided_at          timestamptz,
    settled_at          timestamptz
);
