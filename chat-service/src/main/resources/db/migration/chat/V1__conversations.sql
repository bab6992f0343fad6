-- One conversation per store and buyer phone (E.164); messages in both directions with their
-- WhatsApp delivery status.
CREATE TABLE conversation (
    id                 uuid PRIMARY KEY,
    store_id           uuid        NOT NULL,
    buyer_phone        text        NOT NULL CHECK (buyer_phone ~ '^\+[1-9][0-9]{7,14}$'),
    last_inbound_at    timestamptz,
    assigned_to_human  boolean     NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, buyer_phone)
);

CREATE TABLE message (
    id                   uuid PRIMARY KEY,
    conversation_id      uuid        NOT NULL REFERENCES conversation (id),
    direction            text        NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
    -- WhatsApp's message id (wamid…), unique so a re-delivered webhook is a no-op.
    whatsapp_message_id  text        UNIQUE,
    body                 text        NOT NULL,
    status               text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    status_at            timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX message_conversation_idx ON message (conversation_id, created_at);
