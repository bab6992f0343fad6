-- The reconciler's look (V8): relayed rows of one task type, not settled yet, oldest first. Built
-- concurrently, so writes to the outbox go on meanwhile (docs/database.md, rolling upgrades).
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_unsettled_idx ON outbox (task_type, sent_at)
    WHERE sent_at IS NOT NULL AND confirmed_at IS NULL AND given_up_at IS NULL;
