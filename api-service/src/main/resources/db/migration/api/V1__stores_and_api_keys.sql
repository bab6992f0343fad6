-- Stores are Litper's tenants; each authenticates with API keys that are kept only as hashes.
CREATE TABLE store (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    id          uuid PRIMARY KEY,
    store_id    uuid        NOT NULL REFERENCES store (id),
    -- First characters of the key, shown to the store so it can tell its keys apart.
    prefix      text        NOT NULL,
    -- SHA-256 of the whole key; the key itself is shown once, at creation, and never stored.
    key_hash    bytea       NOT NULL UNIQUE,
    name        text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX api_key_store_idx ON api_key (store_id);
