-- Where a store ships an order from (docs/api.md): the DANE municipality the store gave, or null
-- when it gave none (and for every order of the previous release). analytics-service counts routes
-- by it (order_placed).
ALTER TABLE orders
    ADD COLUMN origin_municipality_code text;
