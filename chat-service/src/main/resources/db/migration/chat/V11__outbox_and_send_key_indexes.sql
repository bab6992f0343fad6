-- The reconciler's look (V10): relayed rows of one task type, not settled yet, oldest first; and the
-- messages by the key of the send that delivered them. Built concurrently, so writes go on meanwhile
-- (docs/database.md, rolling upgrades).
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_unsettled_idx ON outbox (task_type, sent_at)
    WHERE sent_at IS NOT NULL AND confirmed_at IS NULL AND given_up_at IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS message_send_key_idx ON message (send_key) WHERE send_key IS NOT NULL;
