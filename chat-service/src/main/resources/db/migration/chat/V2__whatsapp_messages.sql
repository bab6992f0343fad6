-- What the WhatsApp webhook records beyond V1: the buyer's name, the message type, failures, and
-- whether a buyer's message reached the agents.

-- The buyer's WhatsApp profile name, as their last message gave it.
ALTER TABLE conversation ADD COLUMN buyer_name text;

-- A message Litper sent is first seen through its status webhook, before its text is known.
ALTER TABLE message ALTER COLUMN body DROP NOT NULL;

ALTER TABLE message
    -- WhatsApp's message type: text, image, audio, document, location, …
    ADD COLUMN type text NOT NULL DEFAULT 'text',
    -- When the author sent it, by WhatsApp's clock (the buyer's message time; an outbound message's "sent").
    ADD COLUMN sent_at timestamptz,
    -- WhatsApp's error of a failed delivery (e.g. 131026, message undeliverable).
    ADD COLUMN error_code integer,
    ADD COLUMN error_title text,
    -- When a buyer's message was enqueued for the agents (inbound_message); empty: not yet.
    ADD COLUMN handed_off_at timestamptz,
    ADD CONSTRAINT message_status_check CHECK (
        (direction = 'INBOUND' AND status = 'RECEIVED')
        OR (direction = 'OUTBOUND' AND status IN ('SENT', 'DELIVERED', 'READ', 'FAILED')));
