-- What the support agent (agent-orchestrator) did with a conversation: its replies and hand-overs
-- (agent_reply, agent_handover tasks), and why it last handed the conversation to a person.

ALTER TABLE conversation
    -- The agent's last hand-over, shown in the inbox for the person who takes it; cleared when the
    -- conversation is handed back to the AI. BUYER_ASKED, OUT_OF_SCOPE, AGENT_UNAVAILABLE, DEADLINE, …
    ADD COLUMN handover_reason  text CONSTRAINT conversation_handover_reason_check CHECK (length(handover_reason) BETWEEN 1 AND 40),
    ADD COLUMN handover_summary text,
    ADD COLUMN handed_over_at   timestamptz,
    ADD CONSTRAINT conversation_handover_check CHECK ((handover_reason IS NULL) = (handed_over_at IS NULL));

-- One row per agent run and kind of answer: a repeated task changes nothing, and a reply the agent
-- wrote after a person took over is kept here as DISCARDED (the buyer never gets it).
CREATE TABLE agent_answer (
    run_id           uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('REPLY', 'HANDOVER')),
    conversation_id  uuid        NOT NULL REFERENCES conversation (id),
    -- SENT: the reply went to the buyer (message_id); DISCARDED: it did not (detail says why);
    -- HANDED_OVER: a person controls the conversation.
    outcome          text        NOT NULL CHECK (outcome IN ('SENT', 'DISCARDED', 'HANDED_OVER')),
    detail           text,
    message_id       uuid REFERENCES message (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, kind)
);

CREATE INDEX agent_answer_conversation_idx ON agent_answer (conversation_id, created_at);
