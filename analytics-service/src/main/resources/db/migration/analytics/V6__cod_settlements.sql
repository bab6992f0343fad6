-- Carriers' settlement files (docs/analytics.md, "Settlement files"): what each carrier says it
-- remitted and deducted per guide. A file is kept once (its SHA-256 per carrier) and a line once
-- (line_key), so importing the same file, or a later file repeating lines, adds nothing.
CREATE TABLE cod_settlement_file (
    id          uuid PRIMARY KEY,
    carrier     text        NOT NULL,
    sha256      text        NOT NULL,
    file_name   text,
    lines       int         NOT NULL,
    new_lines   int         NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text        NOT NULL,
    UNIQUE (carrier, sha256)
);

CREATE TABLE cod_settlement_line (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id         uuid        NOT NULL REFERENCES cod_settlement_file (id),
    -- Line number in the file it first came in (1 = the header).
    line_no         int         NOT NULL,
    -- <carrier>:<SHA-256 of the line's normalised fields>#<n-th identical line of its file>.
    line_key        text        NOT NULL UNIQUE,
    carrier         text        NOT NULL,
    tracking_number text        NOT NULL,
    settled_on      date        NOT NULL,
    -- What the carrier collected from the buyer, sent (may be negative: deductions larger than
    -- collections) and kept: freight, COD commission, return freight. Integer pesos.
    collected       bigint      NOT NULL,
    remitted        bigint      NOT NULL,
    freight         bigint      NOT NULL,
    commission      bigint      NOT NULL,
    return_freight  bigint      NOT NULL,
    imported_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cod_settlement_line_guide_idx ON cod_settlement_line (carrier, tracking_number, id);
CREATE INDEX cod_settlement_line_day_idx ON cod_settlement_line (settled_on);
