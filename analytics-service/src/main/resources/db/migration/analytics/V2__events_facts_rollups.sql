-- analytics-service's own record of what happened, fed by tasks from the services that own it
-- (order_placed from api-service, shipment_changed from tracking-service); docs/analytics.md.

-- Append-only: one row per thing that happened, never updated. Partitioned by month of the business
-- time; a row's key is its event_key (repeated deliveries of a task insert nothing).
CREATE TABLE event (
    id                       bigint GENERATED ALWAYS AS IDENTITY,
    -- 'order:<orderId>' or 'shipment:<shipmentId>:<eventId>'
    event_key                text        NOT NULL,
    kind                     text        NOT NULL CHECK (kind IN ('ORDER_PLACED', 'SHIPMENT_BOOKED', 'CARRIER_EVENT')),
    store_id                 uuid        NOT NULL,
    order_id                 uuid        NOT NULL,
    -- When it happened: the order's creation, the carrier's booking time, the carrier's event time.
    occurred_at              timestamptz NOT NULL,
    -- When analytics-service stored it: the incremental jobs' watermark.
    recorded_at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    shipment_id              uuid,
    carrier                  text,
    tracking_number          text,
    -- Litper's shipment status after the event (docs/carriers.md), the carrier's own code, and
    -- whether the event moved the status.
    status                   text,
    carrier_status           text,
    changed_status           boolean,
    -- The event's own status in Litper's model (CREATED for the booking): what the carrier reported,
    -- even when it did not move the shipment (a late event).
    event_status             text,
    -- A novedad's normalised cause (docs/analytics.md) and the carrier's words.
    novedad_cause            text,
    reason                   text,
    -- ORDER_PLACED only: route and money, in integer pesos.
    origin_department        text,
    destination_department   text,
    destination_municipality text,
    cash_on_delivery         bigint,
    declared_value           bigint,
    -- SHIPMENT_BOOKED only: the carrier's promise and price at booking.
    promised_date            date,
    freight                  bigint,
    -- CARRIER_EVENT, DELIVERED with cash on delivery: what the carrier says it collected.
    cash_collected           bigint,
    PRIMARY KEY (id, occurred_at),
    UNIQUE (event_key, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX event_occurred_brin ON event USING brin (occurred_at);
CREATE INDEX event_recorded_idx ON event (recorded_at);
CREATE INDEX event_order_idx ON event (order_id);

-- Months from 2025 to 2027; EventPartitions creates the months ahead as time goes on. The default
-- partition holds what falls outside (a carrier's clock far off), so nothing is refused.
DO $$
DECLARE
    month date := date '2025-01-01';
BEGIN
    WHILE month < date '2028-01-01' LOOP
        EXECUTE format('CREATE TABLE event_%s PARTITION OF event FOR VALUES FROM (%L) TO (%L)',
                       to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date);
        month := (month + interval '1 month')::date;
    END LOOP;
END $$;
CREATE TABLE event_default PARTITION OF event DEFAULT;

-- One row per order with its milestones, derived only from event (a rebuild recomputes it).
CREATE TABLE shipment_fact (
    order_id                 uuid PRIMARY KEY,
    store_id                 uuid        NOT NULL,
    -- The day (America/Bogota) the order was placed: the day its shipment counts on in rollups.
    day                      date        NOT NULL,
    carrier                  text,
    tracking_number          text,
    -- DANE department codes; '00' when the origin is not known.
    origin_department        text        NOT NULL,
    destination_department   text        NOT NULL,
    cash_on_delivery         bigint      NOT NULL DEFAULT 0,
    freight                  bigint,
    placed_at                timestamptz NOT NULL,
    booked_at                timestamptz,
    promised_date            date,
    first_scan_at            timestamptz,
    first_attempt_at         timestamptz,
    first_attempt_ok         boolean,
    delivered_at             timestamptz,
    returned_at              timestamptz,
    novedades                int         NOT NULL DEFAULT 0,
    first_novedad_cause      text,
    cash_collected           bigint,
    status                   text        NOT NULL,
    -- Business days (Colombia's holidays) from booking to delivery, and on-time as docs/analytics.md defines it.
    transit_business_days    int,
    on_time                  boolean,
    updated_at               timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shipment_fact_store_day_idx ON shipment_fact (store_id, day);
CREATE INDEX shipment_fact_tracking_idx ON shipment_fact (carrier, tracking_number);

-- Counts per store × day × carrier × route, with histograms, so any period's KPIs and percentiles
-- come from summing rollup rows. Derived only from shipment_fact.
CREATE TABLE daily_rollup (
    store_id                 uuid   NOT NULL,
    day                      date   NOT NULL,
    carrier                  text   NOT NULL,
    origin_department        text   NOT NULL,
    destination_department   text   NOT NULL,
    shipments                int    NOT NULL,
    delivered                int    NOT NULL,
    returned                 int    NOT NULL,
    -- Shipments with a first delivery attempt and a promised date; of them, on time.
    attempted_with_promise   int    NOT NULL,
    on_time                  int    NOT NULL,
    -- Shipments with a first delivery attempt; of them, delivered at that attempt.
    attempted                int    NOT NULL,
    first_attempt_ok         int    NOT NULL,
    with_novedad             int    NOT NULL,
    -- {"BUYER_ABSENT": 3, ...}: shipments by their first novedad's cause.
    novedad_causes           jsonb  NOT NULL DEFAULT '{}',
    -- transit_hist[i+1] = delivered shipments with i business days in transit, i = 0..29; [31] = 30 or more.
    transit_hist             int[]  NOT NULL,
    -- first_scan_hist[i+1] = shipments first scanned i whole hours after booking, i = 0..71; [73] = 72 h or more.
    first_scan_hist          int[]  NOT NULL,
    freight_sum              bigint NOT NULL DEFAULT 0,
    freight_count            int    NOT NULL DEFAULT 0,
    cod_shipments            int    NOT NULL DEFAULT 0,
    cod_amount               bigint NOT NULL DEFAULT 0,
    computed_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, day, carrier, origin_department, destination_department)
);

CREATE INDEX daily_rollup_day_idx ON daily_rollup (day);

-- Where each incremental job got to (recorded_at of the events it has seen, minus its overlap).
CREATE TABLE job_watermark (
    job        text PRIMARY KEY,
    watermark  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
