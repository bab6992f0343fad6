-- The outbox is common's (com.litper.common.outbox): a row carries its payload's de-duplication key,
-- which the relay enqueues it under (the row id when it has none).
ALTER TABLE outbox ADD COLUMN dedup_key text;
