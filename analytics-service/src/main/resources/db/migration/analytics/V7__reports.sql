-- Reports (docs/analytics.md, "Reports"): what a report_file row needs beyond V1, the weekly
-- summaries' one-per-store-and-week key, and the outbox its generate_report tasks leave through.

-- The file's format (CSV, XLSX, HTML) and, for a FAILED report, why. Nullable: rows of the release
-- before have neither.
ALTER TABLE report_file
    ADD COLUMN format         text,
    ADD COLUMN failure_reason text;

-- One weekly summary per store and week (its Monday, America/Bogota), whoever runs the job and however
-- often: the job inserts here first and records the report only when the insert did.
CREATE TABLE weekly_summary (
    store_id    uuid        NOT NULL,
    week_start  date        NOT NULL,
    report_id   uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, week_start)
);

-- Tasks committed with the change that caused them (common's transactional outbox, with the columns of
-- its reconciliation), relayed to the Redis queue afterwards: a requested report is generated even when
-- Redis was unreachable at the moment of the request.
CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    task_type    text        NOT NULL,
    priority     text        NOT NULL,
    payload      jsonb       NOT NULL,
    request_id   text,
    dedup_key    text,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at      timestamptz,
    redispatches integer     NOT NULL DEFAULT 0,
    confirmed_at timestamptz,
    given_up_at  timestamptz
);

CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_unsettled_idx ON outbox (task_type, sent_at)
    WHERE sent_at IS NOT NULL AND confirmed_at IS NULL AND given_up_at IS NULL;
