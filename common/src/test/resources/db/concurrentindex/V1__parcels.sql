-- A table with rows, as the release before left it.
CREATE TABLE parcel (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference  text NOT NULL
);
INSERT INTO parcel (reference) SELECT 'P-' || n FROM generate_series(1, 10000) AS n;
