-- Orders a store sent. Money is integer Colombian pesos: COP has no cents in practice, and integers
-- keep sums exact and the JSON free of decimals.
CREATE TABLE orders (
    id                 uuid PRIMARY KEY,
    store_id           uuid        NOT NULL REFERENCES store (id),
    status             text        NOT NULL,
    buyer_name         text        NOT NULL,
    -- E.164, e.g. +573001234567.
    buyer_phone        text        NOT NULL,
    address            text        NOT NULL,
    -- DANE DIVIPOLA codes and names of the destination, resolved from what the store sent.
    municipality_code  char(5)     NOT NULL,
    municipality       text        NOT NULL,
    department_code    char(2)     NOT NULL,
    department         text        NOT NULL,
    -- Items are read and written with their order only, so one jsonb column saves a table and a join.
    items              jsonb       NOT NULL,
    declared_value     bigint      NOT NULL CHECK (declared_value >= 0),
    cash_on_delivery   bigint      NOT NULL CHECK (cash_on_delivery >= 0),
    preferred_carrier  text,
    created_at         timestamptz NOT NULL
);

-- Keyset pagination of a store's orders, newest first.
CREATE INDEX orders_store_created_idx ON orders (store_id, created_at DESC, id DESC);

-- Idempotency-Key of a store's POST: the hash of the canonical request and the exact response.
CREATE TABLE idempotency_key (
    store_id         uuid        NOT NULL REFERENCES store (id),
    idempotency_key  text        NOT NULL,
    request_hash     bytea       NOT NULL,
    -- Deferred: the key is claimed first, so a concurrent request with the same key waits for it,
    -- and the order is inserted after it in the same transaction.
    order_id         uuid        NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    response_status  integer     NOT NULL,
    response_body    text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, idempotency_key)
);

-- Tasks committed with the change that caused them, relayed to the Redis queue afterwards, so a
-- task survives a Redis outage at the moment of the change.
CREATE TABLE outbox (
    id          uuid PRIMARY KEY,
    task_type   text        NOT NULL,
    priority    text        NOT NULL,
    payload     jsonb       NOT NULL,
    request_id  text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at     timestamptz
);

CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
