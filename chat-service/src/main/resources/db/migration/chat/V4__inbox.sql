-- The support team's inbox (docs/chat.md): where a conversation stands, who answers the buyer (the
-- AI agent or a person) and which person, what nobody has read yet, and the service-level clocks
-- of the time a person handles it. Support agents say whether they take new conversations and how
-- many at once (agent).

ALTER TABLE conversation
    -- OPEN: waits for an answer; PENDING: a person answered, waits for the buyer; SNOOZED: parked
    -- until snoozed_until; RESOLVED: nothing to do. A conversation starts RESOLVED because Litper's
    -- own notifications create conversations too; the buyer's first message opens it, and any later
    -- message of the buyer moves a PENDING, SNOOZED or RESOLVED conversation back to OPEN.
    ADD COLUMN status text NOT NULL DEFAULT 'RESOLVED'
        CONSTRAINT conversation_status_check CHECK (status IN ('OPEN', 'PENDING', 'SNOOZED', 'RESOLVED')),
    ADD COLUMN snoozed_until timestamptz,
    -- Lower-case labels the team chose; the inbox filters on one.
    ADD COLUMN labels text[] NOT NULL DEFAULT '{}',
    ADD COLUMN priority text NOT NULL DEFAULT 'NORMAL'
        CONSTRAINT conversation_priority_check CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    -- Who answers the buyer, exactly one of them: the AI agent (buyer messages are handed to it as
    -- inbound_message tasks) or a person (the AI stays silent: nothing is handed to it).
    ADD COLUMN controller text NOT NULL DEFAULT 'AI'
        CONSTRAINT conversation_controller_check CHECK (controller IN ('AI', 'HUMAN')),
    -- The support agent it is assigned to (the subject of their access token); null: nobody.
    ADD COLUMN assignee text CONSTRAINT conversation_assignee_check CHECK (length(assignee) BETWEEN 1 AND 200),
    ADD COLUMN assigned_at timestamptz,
    -- The latest message either way: the inbox lists the newest activity first.
    ADD COLUMN last_message_at timestamptz,
    -- When someone last marked it read, and how many buyer messages came since.
    ADD COLUMN last_read_at timestamptz,
    ADD COLUMN unread integer NOT NULL DEFAULT 0 CONSTRAINT conversation_unread_check CHECK (unread >= 0),
    -- Service-level clocks, counted only while a person controls the conversation and it is not
    -- resolved; a conversation the buyer reopens after its resolution starts them again.
    -- human_since: start of the running stretch (null: the clocks stand still);
    -- human_millis: the time of the earlier stretches since the conversation (re)opened.
    ADD COLUMN human_since timestamptz,
    ADD COLUMN human_millis bigint NOT NULL DEFAULT 0,
    -- The first reply a person wrote since the conversation (re)opened, and the human time until it.
    ADD COLUMN first_human_response_at timestamptz,
    ADD COLUMN first_response_millis bigint,
    -- The resolution, and the human time until it (null when no person ever handled it).
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN resolution_millis bigint,
    ADD CONSTRAINT conversation_snooze_check CHECK ((status = 'SNOOZED') = (snoozed_until IS NOT NULL)),
    ADD CONSTRAINT conversation_assigned_check CHECK ((assignee IS NULL) = (assigned_at IS NULL));

-- Before the inbox nobody read or answered anything: every conversation a buyer wrote in is open,
-- with all of the buyer's messages unread.
UPDATE conversation c SET
    status = CASE WHEN c.last_inbound_at IS NULL THEN 'RESOLVED' ELSE 'OPEN' END,
    controller = CASE WHEN c.assigned_to_human THEN 'HUMAN' ELSE 'AI' END,
    unread = (SELECT count(*) FROM message m WHERE m.conversation_id = c.id AND m.direction = 'INBOUND'),
    last_message_at = COALESCE((SELECT max(COALESCE(m.sent_at, m.created_at)) FROM message m WHERE m.conversation_id = c.id),
        c.created_at);

ALTER TABLE conversation
    ALTER COLUMN last_message_at SET DEFAULT now(),
    ALTER COLUMN last_message_at SET NOT NULL;

COMMENT ON COLUMN conversation.assigned_to_human IS 'Superseded by controller (V4); nothing reads or writes it.';

-- The inbox's list: a store's conversations, newest activity first (keyset on last_message_at, id),
-- alone or by status or by assignee; labels through their own index.
CREATE INDEX conversation_inbox_idx ON conversation (store_id, last_message_at DESC, id DESC);
CREATE INDEX conversation_inbox_status_idx ON conversation (store_id, status, last_message_at DESC, id DESC);
CREATE INDEX conversation_inbox_assignee_idx ON conversation (store_id, assignee, last_message_at DESC, id DESC);
CREATE INDEX conversation_labels_idx ON conversation USING gin (labels);
-- Snoozed conversations whose time has come are woken up in order.
CREATE INDEX conversation_snoozed_idx ON conversation (snoozed_until) WHERE status = 'SNOOZED';

ALTER TABLE message
    -- Who wrote an outbound message in the inbox (the person's token subject); null: Litper itself
    -- (notifications, the AI agent).
    ADD COLUMN author text,
    -- A reply written in the inbox is PENDING until WhatsApp accepted it (whatsapp_sent).
    DROP CONSTRAINT message_status_check,
    ADD CONSTRAINT message_status_check CHECK (
        (direction = 'INBOUND' AND status = 'RECEIVED')
        OR (direction = 'OUTBOUND' AND status IN ('PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED')));

-- A store's support agents as the inbox knows them (they join with PUT /api/chat/agents/me).
CREATE TABLE agent (
    store_id          uuid        NOT NULL,
    -- The subject of the agent's access token (user:<id>).
    subject           text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    -- Takes new conversations from the round-robin.
    available         boolean     NOT NULL DEFAULT false,
    -- At most this many open conversations a person controls assigned to the agent by the round-robin.
    max_open          integer     NOT NULL DEFAULT 10 CHECK (max_open BETWEEN 1 AND 1000),
    -- Ties of the round-robin go to whoever waited longest.
    last_assigned_at  timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, subject)
);
