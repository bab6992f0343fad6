CREATE TABLE note (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text  text NOT NULL
);
