-- Tasks committed with the change that caused them (common's transactional outbox), relayed to the
-- Redis queue afterwards: a shipment_update or send_whatsapp survives a Redis outage at that moment.
CREATE TABLE outbox (
    id          uuid PRIMARY KEY,
    task_type   text        NOT NULL,
    priority    text        NOT NULL,
    payload     jsonb       NOT NULL,
    request_id  text,
    dedup_key   text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at     timestamptz
);

CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
