-- Cash on delivery (docs/analytics.md, "Cash on delivery"): each COD order's cash path and a
-- double-entry ledger in integer pesos. The ledger is append-only: a correction is a new entry.

-- One row per COD order, derived from analytics.event by the posting job (CodPostingJob): what to
-- collect, with which carrier and guide, and when it was delivered or returned. A projection,
-- rebuilt from the events at will; the money itself is in the ledger.
CREATE TABLE cod_order (
    order_id          uuid PRIMARY KEY,
    store_id          uuid        NOT NULL,
    amount_to_collect bigint      NOT NULL CHECK (amount_to_collect > 0),
    placed_at         timestamptz NOT NULL,
    carrier           text,
    tracking_number   text,
    booked_freight    bigint,
    delivered_at      timestamptz,
    cash_collected    bigint,
    returned_at       timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cod_order_guide_idx ON cod_order (carrier, tracking_number);
CREATE INDEX cod_order_store_idx ON cod_order (store_id, delivered_at);

-- A journal entry: one business fact (cash collected, a remittance, a carrier's deduction, a
-- payout). posting_key names the fact it comes from, so posting it twice inserts nothing.
CREATE TABLE cod_entry (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting_key     text        NOT NULL UNIQUE,
    kind            text        NOT NULL CHECK (kind IN ('COLLECTED', 'REMITTED', 'FREIGHT', 'COD_COMMISSION', 'RETURN_FREIGHT', 'PAYOUT')),
    store_id        uuid        NOT NULL,
    order_id        uuid,
    carrier         text,
    tracking_number text,
    -- When the fact happened (delivery, settlement day, payout); posted_at is when it was written.
    effective_at    timestamptz NOT NULL,
    description     text        NOT NULL,
    posted_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX cod_entry_store_idx ON cod_entry (store_id, id);
CREATE INDEX cod_entry_order_idx ON cod_entry (order_id);

-- The entry's lines: amount > 0 debits the account, < 0 credits it. An entry's lines sum to zero
-- and there are at least two (cod_entry_balanced, checked at commit).
CREATE TABLE cod_entry_line (
    entry_id  bigint NOT NULL REFERENCES cod_entry (id),
    line_no   int    NOT NULL,
    account   text   NOT NULL CHECK (account ~ '^(cash|freight_expense|cod_commission|return_freight|carrier_receivable:[a-z0-9_-]+|store_payable:[0-9a-f-]{36})$'),
    amount    bigint NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (entry_id, line_no)
);

CREATE INDEX cod_entry_line_account_idx ON cod_entry_line (account, entry_id);

-- Balanced entries, checked when the transaction commits (deferred), so an entry and its lines are
-- written with plain INSERTs in any order.
CREATE FUNCTION cod_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lines int;
    total bigint;
BEGIN
    SELECT count(*), coalesce(sum(amount), 0) INTO lines, total FROM analytics.cod_entry_line WHERE entry_id = NEW.id;
    IF lines < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'cod_entry % is not balanced: % line(s) summing to %', NEW.id, lines, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION cod_line_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lines int;
    total bigint;
BEGIN
    SELECT count(*), coalesce(sum(amount), 0) INTO lines, total FROM analytics.cod_entry_line WHERE entry_id = NEW.entry_id;
    IF lines < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'cod_entry % is not balanced: % line(s) summing to %', NEW.entry_id, lines, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER cod_entry_balanced AFTER INSERT ON cod_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cod_entry_balanced();
CREATE CONSTRAINT TRIGGER cod_entry_line_balanced AFTER INSERT ON cod_entry_line
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cod_line_balanced();

-- Append-only: entries and lines are never changed or removed.
CREATE FUNCTION cod_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the COD ledger is append-only: % on % refused; post a correcting entry instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER cod_entry_append_only BEFORE UPDATE OR DELETE ON cod_entry
    FOR EACH ROW EXECUTE FUNCTION cod_ledger_append_only();
CREATE TRIGGER cod_entry_line_append_only BEFORE UPDATE OR DELETE ON cod_entry_line
    FOR EACH ROW EXECUTE FUNCTION cod_ledger_append_only();
CREATE TRIGGER cod_entry_truncate BEFORE TRUNCATE ON cod_entry
    FOR EACH STATEMENT EXECUTE FUNCTION cod_ledger_append_only();
CREATE TRIGGER cod_entry_line_truncate BEFORE TRUNCATE ON cod_entry_line
    FOR EACH STATEMENT EXECUTE FUNCTION cod_ledger_append_only();

-- Payouts to stores: each settled order is paid out once (cod_payout_item.order_id is unique).
CREATE TABLE cod_payout (
    id        uuid PRIMARY KEY,
    store_id  uuid        NOT NULL,
    amount    bigint      NOT NULL CHECK (amount > 0),
    reference text        NOT NULL,
    paid_at   timestamptz NOT NULL DEFAULT now(),
    paid_by   text        NOT NULL,
    UNIQUE (store_id, reference)
);

CREATE TABLE cod_payout_item (
    payout_id uuid   NOT NULL REFERENCES cod_payout (id),
    order_id  uuid   NOT NULL UNIQUE,
    amount    bigint NOT NULL,
    PRIMARY KEY (payout_id, order_id)
);
