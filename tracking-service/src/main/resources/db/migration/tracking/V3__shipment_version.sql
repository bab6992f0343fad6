-- What api-service learns of a shipment (shipment_update tasks, docs/carriers.md): a version that
-- grows by one with every change committed for the shipment (creation = 1, then one per recorded
-- timeline event), so updates that arrive late or twice never move an order backwards, and on each
-- timeline entry the shipment as that change left it, so a retried task enqueues the very same update.
ALTER TABLE shipment
    ADD COLUMN version bigint NOT NULL DEFAULT 1;

ALTER TABLE tracking_event
    -- The shipment's version, status and novedad reason right after this entry was recorded.
    ADD COLUMN shipment_version       bigint,
    ADD COLUMN shipment_status        text,
    ADD COLUMN shipment_status_reason text;

-- Existing timelines: entries count from 1 in the order they were recorded, and the status after an
-- entry is the one set by the last entry up to it that changed the status (the creation entry did).
WITH numbered AS (
    SELECT id, shipment_id, status, reason, applied,
           row_number() OVER w                                 AS version,
           count(*) FILTER (WHERE applied) OVER w               AS applied_group
    FROM tracking_event
    WINDOW w AS (PARTITION BY shipment_id ORDER BY id)
), snapshot AS (
    SELECT id, version,
           first_value(status) OVER (PARTITION BY shipment_id, applied_group ORDER BY id) AS status_after,
           first_value(reason) OVER (PARTITION BY shipment_id, applied_group ORDER BY id) AS reason_after
    FROM numbered
)
UPDATE tracking_event e
SET shipment_version       = s.version,
    shipment_status        = s.status_after,
    shipment_status_reason = CASE WHEN s.status_after = 'EXCEPTION' THEN s.reason_after END
FROM snapshot s
WHERE e.id = s.id;

UPDATE shipment sh
SET version = counted.entries
FROM (SELECT shipment_id, count(*) AS entries FROM tracking_event GROUP BY shipment_id) counted
WHERE sh.id = counted.shipment_id;

ALTER TABLE tracking_event
    ALTER COLUMN shipment_version SET NOT NULL,
    ALTER COLUMN shipment_status SET NOT NULL;
