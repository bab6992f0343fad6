-- The store-facing /agents API (docs/agents.md): per-store settings, what a run's transcript view
-- needs, try-it runs, and the conversations' outcomes (episodes). Runs outside a transaction because
-- the index on agent_run is built CONCURRENTLY (agent_run is written all the time); every statement
-- is idempotent, so a script stopped half way runs again from the start.

-- One row per store that saved its settings; a store without one has the defaults (StoreSettings).
CREATE TABLE IF NOT EXISTS agent_settings (
    store_id     uuid PRIMARY KEY,
    enabled      boolean     NOT NULL,
    tone         text        NOT NULL CHECK (tone IN ('CERCANO', 'FORMAL')),
    -- Working hours in America/Bogota: ISO days 1 (Monday) to 7, opening and closing times. All null: always.
    hours_days   smallint[],
    hours_from   time,
    hours_to     time,
    actions      text[]      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text        NOT NULL,
    CHECK ((hours_days IS NULL) = (hours_from IS NULL) AND (hours_from IS NULL) = (hours_to IS NULL)),
    CHECK (hours_from < hours_to)
);

-- What the transcript view shows of a run; null for runs recorded before this release.
ALTER TABLE agent_run
    ADD COLUMN IF NOT EXISTS try_it              boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS handover_reason     text CHECK (length(handover_reason) BETWEEN 1 AND 40),
    ADD COLUMN IF NOT EXISTS handover_summary    text,
    ADD COLUMN IF NOT EXISTS reply               text,
    ADD COLUMN IF NOT EXISTS model               text,
    ADD COLUMN IF NOT EXISTS model_calls         integer,
    ADD COLUMN IF NOT EXISTS input_tokens        bigint,
    ADD COLUMN IF NOT EXISTS output_tokens       bigint,
    ADD COLUMN IF NOT EXISTS cache_read_tokens   bigint,
    ADD COLUMN IF NOT EXISTS cache_write_tokens  bigint,
    ADD COLUMN IF NOT EXISTS cost_usd            numeric(12, 6);

-- The store's runs, newest first (GET /agents/runs).
CREATE INDEX CONCURRENTLY IF NOT EXISTS agent_run_store_idx ON agent_run (store_id, started_at DESC, id DESC);

-- A conversation's stretch handled by the agent, from a buyer message it answered to its outcome
-- (docs/agents.md, "Outcomes"). Try-it runs never make one.
CREATE TABLE IF NOT EXISTS agent_episode (
    id                uuid PRIMARY KEY,
    store_id          uuid        NOT NULL,
    conversation_id   uuid        NOT NULL,
    started_at        timestamptz NOT NULL,
    last_run_id       uuid        NOT NULL,
    last_answer_at    timestamptz NOT NULL,
    awaiting_buyer    boolean     NOT NULL,
    outcome           text CHECK (outcome IN ('RESOLVED', 'HANDED_OVER', 'ABANDONED')),
    handover_reason   text CHECK (length(handover_reason) BETWEEN 1 AND 40),
    closed_at         timestamptz,
    CHECK ((outcome IS NULL) = (closed_at IS NULL)),
    CHECK ((outcome = 'HANDED_OVER') = (handover_reason IS NOT NULL))
);

-- At most one open episode per conversation.
CREATE UNIQUE INDEX IF NOT EXISTS agent_episode_open_idx ON agent_episode (conversation_id) WHERE outcome IS NULL;
-- The closing job's look: open episodes, oldest answer first.
CREATE INDEX IF NOT EXISTS agent_episode_quiet_idx ON agent_episode (last_answer_at) WHERE outcome IS NULL;
-- The rates: a store's closed episodes by closing time.
CREATE INDEX IF NOT EXISTS agent_episode_closed_idx ON agent_episode (store_id, closed_at) WHERE outcome IS NOT NULL;
CREATE INDEX IF NOT EXISTS agent_episode_last_run_idx ON agent_episode (last_run_id);
