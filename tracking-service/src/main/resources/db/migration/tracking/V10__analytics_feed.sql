-- What analytics-service hears of a shipment (shipment_changed, docs/analytics.md) beyond what
-- api-service does: the carrier's promise and price from its booking answer, and on a delivery of a
-- cash-on-delivery shipment the cash the carrier says it collected. All nullable: a carrier may not
-- say, and the previous release writes rows without them.
ALTER TABLE shipment
    ADD COLUMN promised_date date,
    ADD COLUMN freight       bigint;

ALTER TABLE tracking_event
    ADD COLUMN cash_collected bigint;

ALTER TABLE pending_carrier_event
    ADD COLUMN cash_collected bigint;
