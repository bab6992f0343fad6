-- What api-service's previous release (0.2.0: chart 0.2.0, commit 3d8fcb5) writes to schema "api", statement
-- for statement as its code issues them, parameters filled in with sample values. RollingUpgradeTest runs
-- them against the current schema and reads the rows back through this release's code. Refresh at each
-- release from the code of that release (docs/database.md, "Rolling upgrades").

-- ApiKeys.insertStore
INSERT INTO api.store (id, name, created_at)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01', 'Tienda Anterior', '2026-11-27 17:00:00+00');

-- ApiKeys.addKey: the key lp_live_previousReleaseWriterKey00000001, kept as its SHA-256.
INSERT INTO api.api_key (id, store_id, prefix, key_hash, name, created_at)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d02', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01', 'lp_live_prev',
    sha256(convert_to('lp_live_previousReleaseWriterKey00000001', 'UTF8')), 'default', '2026-11-27 17:00:00+00');

-- OrderService.create with an Idempotency-Key (CREATE_ORDER_WITH_KEY + the outbox's insertFrom): the key, the
-- order and its process_order task in one statement. The stored response body is shortened.
WITH claimed AS (INSERT INTO api.idempotency_key (store_id, idempotency_key, request_hash, order_id, response_status, response_body)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01', 'previous-release-order-1',
    decode('5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592', 'hex'), 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11', 201,
    '{"id":"b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11","status":"CREATED","timeline":[],"messages":[]}')
ON CONFLICT DO NOTHING RETURNING order_id), order_row AS (INSERT INTO api.orders (id, store_id, status, buyer_name, buyer_phone, address, municipality_code, municipality,
    department_code, department, items, declared_value, cash_on_delivery, preferred_carrier, created_at) SELECT 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01', 'CREATED', 'Ana Gómez', '+573001234567', 'Calle 10 # 20-30', '05001', 'Medellín',
    '05', 'Antioquia', CAST('[{"sku":"TSHIRT-M","name":"Camiseta M","quantity":2,"unitPrice":45000}]' AS jsonb), 90000, 90000, 'coordinadora', '2026-11-27 17:30:00+00' FROM claimed RETURNING id),
task AS (INSERT INTO api.outbox (id, task_type, priority, payload, request_id, dedup_key) SELECT 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d21', 'process_order', 'NORMAL',
    CAST('{"orderId":"b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11","storeId":"b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01","storeName":"Tienda Anterior","buyer":{"name":"Ana Gómez","phone":"+573001234567"},"destination":{"address":"Calle 10 # 20-30","municipalityCode":"05001","city":"Medellín","departmentCode":"05","department":"Antioquia"},"items":[{"sku":"TSHIRT-M","name":"Camiseta M","quantity":2,"unitPrice":45000}],"declaredValue":90000,"cashOnDelivery":90000,"preferredCarrier":"coordinadora","createdAt":"2026-11-27T17:30:00Z"}' AS jsonb),
    'req-previous-release-1', 'process-order:b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11' FROM order_row RETURNING id) SELECT count(*) FROM task;

-- OrderService.create without an Idempotency-Key (CREATE_ORDER + the outbox's insertFrom).
WITH order_row AS (INSERT INTO api.orders (id, store_id, status, buyer_name, buyer_phone, address, municipality_code, municipality,
    department_code, department, items, declared_value, cash_on_delivery, preferred_carrier, created_at) VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d12', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01', 'CREATED', 'Luis Pérez', '+573109876543', 'Carrera 7 # 32-16', '11001', 'Bogotá, D.C.',
    '11', 'Bogotá, D.C.', CAST('[{"sku":null,"name":"Zapatos 40","quantity":1,"unitPrice":120000}]' AS jsonb), 120000, 0, NULL, '2026-11-27 17:35:00+00') RETURNING id),
task AS (INSERT INTO api.outbox (id, task_type, priority, payload, request_id, dedup_key) SELECT 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d22', 'process_order', 'NORMAL',
    CAST('{"orderId":"b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d12","storeId":"b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01","storeName":"Tienda Anterior","buyer":{"name":"Luis Pérez","phone":"+573109876543"},"destination":{"address":"Carrera 7 # 32-16","municipalityCode":"11001","city":"Bogotá, D.C.","departmentCode":"11","department":"Bogotá, D.C."},"items":[{"sku":null,"name":"Zapatos 40","quantity":1,"unitPrice":120000}],"declaredValue":120000,"cashOnDelivery":0,"preferredCarrier":null,"createdAt":"2026-11-27T17:35:00Z"}' AS jsonb),
    NULL, 'process-order:b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d12' FROM order_row RETURNING id) SELECT count(*) FROM task;

-- ShipmentUpdateHandler.apply, shipment_update version 1 (booked): the shipment, its timeline entry, the order's status.
INSERT INTO api.order_shipment AS s (order_id, shipment_id, carrier, tracking_number, status, status_reason, version,
    updated_at)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d31', 'coordinadora', 'CO900000001', 'CREATED', NULL, 1, '2026-11-27 17:31:00+00')
ON CONFLICT (order_id) DO UPDATE SET shipment_id = excluded.shipment_id, carrier = excluded.carrier,
    tracking_number = excluded.tracking_number, status = excluded.status, status_reason = excluded.status_reason,
    version = excluded.version, updated_at = excluded.updated_at
WHERE s.version < excluded.version;
INSERT INTO api.order_timeline (order_id, event_id, status, carrier_status, occurred_at, description, reason,
    changed_status)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11', 'booked', 'CREATED', NULL, '2026-11-27 17:31:00+00', 'Guía generada con Coordinadora', NULL, true)
ON CONFLICT (order_id, event_id) DO NOTHING;
UPDATE api.orders SET status = 'BOOKED', failure_reason = NULL
WHERE id = 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11' AND (status <> 'BOOKED' OR failure_reason IS NOT NULL);

-- ShipmentUpdateHandler.apply, shipment_update version 2 (in transit).
INSERT INTO api.order_shipment AS s (order_id, shipment_id, carrier, tracking_number, status, status_reason, version,
    updated_at)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d31', 'coordinadora', 'CO900000001', 'IN_TRANSIT', NULL, 2, '2026-11-27 19:00:00+00')
ON CONFLICT (order_id) DO UPDATE SET shipment_id = excluded.shipment_id, carrier = excluded.carrier,
    tracking_number = excluded.tracking_number, status = excluded.status, status_reason = excluded.status_reason,
    version = excluded.version, updated_at = excluded.updated_at
WHERE s.version < excluded.version;
INSERT INTO api.order_timeline (order_id, event_id, status, carrier_status, occurred_at, description, reason,
    changed_status)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11', 'evt-prev-1', 'IN_TRANSIT', 'EN_TRANSITO', '2026-11-27 19:00:00+00', 'En tránsito a Medellín', NULL, true)
ON CONFLICT (order_id, event_id) DO NOTHING;
UPDATE api.orders SET status = 'IN_TRANSIT', failure_reason = NULL
WHERE id = 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11' AND (status <> 'IN_TRANSIT' OR failure_reason IS NOT NULL);

-- OrderMessageHandler.handle
INSERT INTO api.order_message (message_id, order_id, recipient, template, language, text, status, sent_at)
SELECT 'wamid.PREVIOUSRELEASE1', o.id, '+573001234567', 'order_shipped', 'es', 'Hola Ana, tu pedido ya fue despachado con Coordinadora. Tu número de guía es CO900000001.', 'SHIPPED', '2026-11-27 17:32:00+00' FROM api.orders o WHERE o.id = 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11'
ON CONFLICT (message_id) DO NOTHING;

-- OrderFailedHandler.handle
UPDATE api.orders SET status = 'FAILED', failure_reason = 'servientrega refused the booking: 422'
WHERE id = 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d12' AND NOT EXISTS (SELECT 1 FROM api.order_shipment WHERE order_id = 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d12');

-- StoreUsers.invite
INSERT INTO api.store_user (id, store_id, email, role, invite_hash, invite_expires_at, created_at)
VALUES ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d41', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01', 'soporte.anterior@example.com', 'SUPPORT',
    decode('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 'hex'), '2026-12-04 17:00:00+00', '2026-11-27 17:00:00+00') ON CONFLICT DO NOTHING;
