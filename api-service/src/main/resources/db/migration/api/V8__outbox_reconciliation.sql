-- Reconciliation from PostgreSQL (common's OutboxReconciler, docs/reliability.md): a relayed row
-- whose effect has not come back after litper.reconcile.after is made unsent again and relayed under
-- a de-duplication key of its own (the key with ":redispatch:<n>"), at most
-- litper.reconcile.max-redispatches times; then it is marked given up for an operator.
ALTER TABLE outbox
    ADD COLUMN redispatches integer NOT NULL DEFAULT 0,
    -- When the reconciler saw the row's effect come back; such rows are not looked at again.
    ADD COLUMN confirmed_at timestamptz,
    ADD COLUMN given_up_at  timestamptz;

-- The reconciler's index is built concurrently by the next script.

-- Reconciliation covers the rows relayed from this release on: older ones are left as they are.
UPDATE outbox SET confirmed_at = now() WHERE sent_at IS NOT NULL;
