-- What the inbox shows of a buyer's orders beside the conversation, from the notify_buyer tasks
-- (chat-service reads no other service's tables): the order's latest event, its reason, the guide
-- and the carrier. Nullable: rows written before this migration fill in with their next event.
ALTER TABLE buyer_order
    ADD COLUMN last_event       text CHECK (last_event IN ('SHIPPED', 'OUT_FOR_DELIVERY', 'EXCEPTION', 'DELIVERED')),
    ADD COLUMN last_reason      text,
    ADD COLUMN tracking_number  text,
    ADD COLUMN carrier_name     text;

-- A store's orders of one buyer, most recent first: the inbox's "orders" beside a conversation.
CREATE INDEX buyer_order_store_buyer_idx ON buyer_order (store_id, buyer_phone, last_event_at DESC);
