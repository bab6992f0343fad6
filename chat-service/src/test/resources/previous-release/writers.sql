-- What chat-service's previous release (0.2.0: chart 0.2.0, commit 3d8fcb5) writes to schema "chat", statement
-- for statement as its code issues them, parameters filled in with sample values. RollingUpgradeTest runs them
-- against the current schema and reads the rows back through this release's code. Refresh at each release from
-- the code of that release (docs/database.md, "Rolling upgrades").

-- MessageStore.receive: a buyer writes; the conversation (RETURNING id), the message, the conversation's inbox
-- state (ConversationRows.save), the inbound_message task (Outbox.add) and the message marked as handed off.
INSERT INTO chat.conversation (id, store_id, buyer_phone, buyer_name, last_inbound_at)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11', 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f01', '+573001112233', 'Marta', '2026-11-27 18:00:00+00')
ON CONFLICT (store_id, buyer_phone) DO UPDATE
SET last_inbound_at = GREATEST(conversation.last_inbound_at, EXCLUDED.last_inbound_at),
    buyer_name = COALESCE(EXCLUDED.buyer_name, conversation.buyer_name)
RETURNING id;
INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, sent_at, status_at)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f21', 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11', 'INBOUND', 'wamid.PREVIOUSCHAT1', 'text', '¿Dónde está mi pedido?', 'RECEIVED', '2026-11-27 18:00:00+00', '2026-11-27 18:00:00+00')
ON CONFLICT (whatsapp_message_id) DO NOTHING;
UPDATE chat.conversation SET status = 'OPEN', snoozed_until = NULL, labels = '{}', priority = 'NORMAL',
    controller = 'AI', assignee = NULL, assigned_at = NULL, last_message_at = '2026-11-27 18:00:00+00',
    last_read_at = NULL, unread = 1, human_since = NULL, human_millis = 0,
    first_human_response_at = NULL, first_response_millis = NULL,
    resolved_at = NULL, resolution_millis = NULL, handover_reason = NULL,
    handover_summary = NULL, handed_over_at = NULL
WHERE id = 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11';
INSERT INTO chat.outbox (id, task_type, priority, payload, request_id, dedup_key)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f51', 'inbound_message', 'HIGH',
    CAST('{"conversationId":"d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11","storeId":"d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f01","from":"+573001112233","name":"Marta","text":"¿Dónde está mi pedido?","type":"text","whatsappMessageId":"wamid.PREVIOUSCHAT1","receivedAt":"2026-11-27T18:00:00Z","orders":[]}' AS jsonb),
    NULL, 'wa-in:wamid.PREVIOUSCHAT1');
UPDATE chat.message SET handed_off_at = now() WHERE whatsapp_message_id IN ('wamid.PREVIOUSCHAT1') AND handed_off_at IS NULL;

-- NotifyBuyerHandler: the buyer's order (link), what the buyer was told, and the send_whatsapp task.
INSERT INTO chat.buyer_order (order_id, store_id, buyer_phone, last_event_at, last_event, last_reason,
    tracking_number, carrier_name)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f31', 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f01', '+573001112233', '2026-11-27 17:00:00+00', 'SHIPPED', NULL, 'CO9200000001', 'Coordinadora')
ON CONFLICT (order_id) DO UPDATE SET
    last_event = CASE WHEN EXCLUDED.last_event_at >= buyer_order.last_event_at OR buyer_order.last_event IS NULL
        THEN EXCLUDED.last_event ELSE buyer_order.last_event END,
    last_reason = CASE WHEN EXCLUDED.last_event_at >= buyer_order.last_event_at OR buyer_order.last_event IS NULL
        THEN EXCLUDED.last_reason ELSE buyer_order.last_reason END,
    tracking_number = COALESCE(EXCLUDED.tracking_number, buyer_order.tracking_number),
    carrier_name = COALESCE(EXCLUDED.carrier_name, buyer_order.carrier_name),
    last_event_at = GREATEST(buyer_order.last_event_at, EXCLUDED.last_event_at);
INSERT INTO chat.buyer_notification (order_id, event, occurred_at, free_text)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f31', 'SHIPPED', '2026-11-27 17:00:00+00', false);
INSERT INTO chat.outbox (id, task_type, priority, payload, request_id, dedup_key)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f52', 'send_whatsapp', 'HIGH',
    CAST('{"to":"+573001112233","template":"order_shipped","language":"es","parameters":["Marta","CO9200000001","Coordinadora"],"text":"Hola Marta, tu pedido ya fue despachado con Coordinadora. Tu número de guía es CO9200000001.","orderId":"d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f31","shipmentId":null,"status":"SHIPPED","sessionOpen":false,"storeId":"d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f01","chatMessageId":null}' AS jsonb),
    NULL, 'whatsapp:d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f31:shipped');

-- Replies.agentReply: the agent's reply (PENDING), its send_whatsapp task, the agent_answer, the conversation.
INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, status_at, author,
    created_at)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f22', 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11', 'OUTBOUND', NULL, 'text', 'Hola Marta, tu pedido va con Coordinadora, guía CO9200000001.', 'PENDING', '2026-11-27 18:00:20+00', 'agent', '2026-11-27 18:00:20+00');
INSERT INTO chat.outbox (id, task_type, priority, payload, request_id, dedup_key)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f53', 'send_whatsapp', 'HIGH',
    CAST('{"to":"+573001112233","template":null,"language":null,"parameters":null,"text":"Hola Marta, tu pedido va con Coordinadora, guía CO9200000001.","orderId":null,"shipmentId":null,"status":null,"sessionOpen":true,"storeId":"d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f01","chatMessageId":"d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f22"}' AS jsonb),
    NULL, 'whatsapp:chat:d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f22');
INSERT INTO chat.agent_answer (run_id, kind, conversation_id, outcome, detail, message_id)
VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f41', 'REPLY', 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11', 'SENT', NULL, 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f22');
UPDATE chat.conversation SET status = 'PENDING', snoozed_until = NULL, labels = '{}', priority = 'NORMAL',
    controller = 'AI', assignee = NULL, assigned_at = NULL, last_message_at = '2026-11-27 18:00:20+00',
    last_read_at = NULL, unread = 1, human_since = NULL, human_millis = 0,
    first_human_response_at = NULL, first_response_millis = NULL,
    resolved_at = NULL, resolution_millis = NULL, handover_reason = NULL,
    handover_summary = NULL, handed_over_at = NULL
WHERE id = 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11';

-- Replies (whatsapp_sent of the reply): WhatsApp accepted it.
UPDATE chat.message SET whatsapp_message_id = 'wamid.PREVIOUSCHAT2', status = 'SENT', status_at = '2026-11-27 18:00:22+00', sent_at = '2026-11-27 18:00:22+00',
    error_code = NULL, error_title = NULL
WHERE id = 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f22';

-- AgentHandoverHandler: the hand-over, and the conversation a person now controls.
INSERT INTO chat.agent_answer (run_id, kind, conversation_id, outcome) VALUES ('d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f41', 'HANDOVER', 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11', 'HANDED_OVER')
ON CONFLICT (run_id, kind) DO NOTHING;
UPDATE chat.conversation SET status = 'PENDING', snoozed_until = NULL, labels = '{}', priority = 'NORMAL',
    controller = 'HUMAN', assignee = NULL, assigned_at = NULL, last_message_at = '2026-11-27 18:00:20+00',
    last_read_at = NULL, unread = 1, human_since = '2026-11-27 18:00:25+00', human_millis = 0,
    first_human_response_at = NULL, first_response_millis = NULL,
    resolved_at = NULL, resolution_millis = NULL, handover_reason = 'BUYER_ASKED',
    handover_summary = 'Marta pide hablar con una persona sobre su pedido CO9200000001.', handed_over_at = '2026-11-27 18:00:25+00'
WHERE id = 'd9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11';
