-- What tracking-service's previous release (0.2.0: chart 0.2.0, commit 3d8fcb5) writes to schema "tracking",
-- statement for statement as its code issues them, parameters filled in with sample values. RollingUpgradeTest
-- runs them against the current schema and reads the rows back through this release's code. Refresh at each
-- release from the code of that release (docs/database.md, "Rolling upgrades").

-- ShipmentBookedHandler.handle: the shipment, its "booked" timeline entry, its shipment_update (Outbox.add).
INSERT INTO tracking.shipment (id, store_id, order_id, carrier, tracking_number, status, progress, buyer_name,
    buyer_phone, booked_at, status_occurred_at, version)
VALUES ('c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01', 'c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e02', 'c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e03',
    'coordinadora', 'CO9100000001', 'CREATED', 'CREATED', 'Ana Gómez', '+573001234567',
    '2026-11-27 17:00:00+00', '2026-11-27 17:00:00+00', 1)
ON CONFLICT DO NOTHING;
INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description,
    occurred_at, applied, shipment_version, shipment_status)
VALUES ('c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01', 'booked', 'CREATED', 'booked', 'Guía generada con Coordinadora', '2026-11-27 17:00:00+00', true, 1, 'CREATED');
INSERT INTO tracking.outbox (id, task_type, priority, payload, request_id, dedup_key)
VALUES ('c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e21', 'shipment_update', 'HIGH',
    CAST('{"orderId":"c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e03","storeId":"c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e02","shipmentId":"c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01","carrier":"coordinadora","trackingNumber":"CO9100000001","status":"CREATED","statusReason":null,"version":1,"updatedAt":"2026-11-27T17:00:00Z","event":{"eventId":"booked","status":"CREATED","carrierStatus":null,"occurredAt":"2026-11-27T17:00:00Z","description":"Guía generada con Coordinadora","reason":null,"changedStatus":true}}' AS jsonb),
    NULL, 'shipment-update:c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01:booked');

-- CarrierEvents.apply: an event recorded (RETURNING id), the shipment moved, its shipment_update.
INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description, reason,
    occurred_at, applied, notification, shipment_version, shipment_status, shipment_status_reason)
VALUES ('c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01', 'evt-prev-1', 'IN_TRANSIT', 'en-transporte', 'En transporte', NULL, '2026-11-27 19:00:00+00', true, NULL,
    2, 'IN_TRANSIT', NULL)
ON CONFLICT (shipment_id, carrier_event_id) DO NOTHING RETURNING id;
UPDATE tracking.shipment SET status = 'IN_TRANSIT', progress = 'IN_TRANSIT', status_occurred_at = '2026-11-27 19:00:00+00',
    status_reason = NULL, version = 2, updated_at = now()
WHERE id = 'c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01';
INSERT INTO tracking.outbox (id, task_type, priority, payload, request_id, dedup_key)
VALUES ('c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e22', 'shipment_update', 'HIGH',
    CAST('{"orderId":"c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e03","storeId":"c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e02","shipmentId":"c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01","carrier":"coordinadora","trackingNumber":"CO9100000001","status":"IN_TRANSIT","statusReason":null,"version":2,"updatedAt":"2026-11-27T19:00:00Z","event":{"eventId":"evt-prev-1","status":"IN_TRANSIT","carrierStatus":"en-transporte","occurredAt":"2026-11-27T19:00:00Z","description":"En transporte","reason":null,"changedStatus":true}}' AS jsonb),
    NULL, 'shipment-update:c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01:evt-prev-1');

-- CarrierWebhookController: an accepted webhook event becomes a carrier_event task (Outbox.add).
INSERT INTO tracking.outbox (id, task_type, priority, payload, request_id, dedup_key)
VALUES ('c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e23', 'carrier_event', 'HIGH',
    CAST('{"carrier":"coordinadora","event":{"eventId":"evt-prev-2","trackingNumber":"CO9100000001","status":"en-reparto","occurredAt":"2026-11-27T20:00:00Z","description":"En reparto","reason":null}}' AS jsonb),
    'req-previous-release-2', 'carrier:coordinadora:evt-prev-2');

-- CarrierEvents.keep: an event for a guide no shipment has yet.
INSERT INTO tracking.pending_carrier_event (carrier, tracking_number, carrier_event_id, carrier_status, occurred_at,
    description, reason, received_at)
VALUES ('coordinadora', 'CO9100000002', 'evt-prev-3', 'en-transporte', '2026-11-27 19:30:00+00', 'En transporte', NULL, '2026-11-27 19:31:00+00')
ON CONFLICT (carrier, tracking_number, carrier_event_id) DO NOTHING;
