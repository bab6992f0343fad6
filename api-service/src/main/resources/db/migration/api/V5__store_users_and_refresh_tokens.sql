-- People who sign in for a store. A user is invited by an owner (the invitation is kept only as a
-- hash) and sets a password, kept as Spring Security's delegating hash ({bcrypt}…).
CREATE TABLE store_user (
    id                uuid PRIMARY KEY,
    store_id          uuid        NOT NULL REFERENCES store (id),
    email             text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    role              text        NOT NULL CHECK (role IN ('OWNER', 'SUPPORT', 'VIEWER')),
    password_hash     text,
    invite_hash       bytea UNIQUE,
    invite_expires_at timestamptz,
    -- Failed sign-ins in a row; reaching litper.api.auth.max-failed-sign-ins locks the user until locked_until.
    failed_sign_ins   integer     NOT NULL DEFAULT 0,
    locked_until      timestamptz,
    disabled_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- One account per email across Litper: the email alone names the user at sign-in.
CREATE UNIQUE INDEX store_user_email_idx ON store_user (lower(email));
CREATE INDEX store_user_store_idx ON store_user (store_id);

-- Opaque refresh tokens, kept as SHA-256; each is used once and replaced by a new one.
CREATE TABLE refresh_token (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES store_user (id),
    token_hash  bytea       NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_token_user_idx ON refresh_token (user_id);
