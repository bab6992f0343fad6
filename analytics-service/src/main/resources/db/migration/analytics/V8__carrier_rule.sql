-- Each store's carrier rule, set by its owner (docs/analytics.md, "Carrier choice"). A store without
-- a row has the defaults: FIXED, no fallback carrier (worker-service's configured rule applies).
CREATE TABLE carrier_rule (
    store_id          uuid             PRIMARY KEY,
    mode              text             NOT NULL CHECK (mode IN ('FIXED', 'BEST_MEASURED')),
    -- Shipments with a known on-time outcome a carrier needs on a route before it can be chosen there.
    min_sample        int              NOT NULL CHECK (min_sample BETWEEN 1 AND 100000),
    -- Days of daily_rollup, up to yesterday (America/Bogota), the measurement covers.
    window_days       int              NOT NULL CHECK (window_days BETWEEN 7 AND 365),
    -- score = on-time rate - cost_weight × (average freight / cheapest average freight on the route - 1)
    cost_weight       double precision NOT NULL CHECK (cost_weight >= 0 AND cost_weight <= 10),
    -- Carrier code (common's carrier registry) for routes without a measured choice; FIXED: for every route.
    fallback_carrier  text,
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    updated_by        text             NOT NULL
);
