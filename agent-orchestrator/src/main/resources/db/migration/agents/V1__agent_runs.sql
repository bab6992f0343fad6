-- One agent run answers one buyer turn; its transcript keeps every model and tool step.
CREATE TABLE agent_run (
    id               uuid PRIMARY KEY,
    store_id         uuid        NOT NULL,
    conversation_id  uuid,
    status           text        NOT NULL CHECK (status IN ('RUNNING', 'ANSWERED', 'ESCALATED', 'FAILED')),
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);

CREATE TABLE transcript_entry (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      uuid        NOT NULL REFERENCES agent_run (id),
    role        text        NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
    content     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX transcript_entry_run_idx ON transcript_entry (run_id, id);
