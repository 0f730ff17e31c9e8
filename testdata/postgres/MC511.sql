-- rules/MC511.md on PostgreSQL: UPDATE and DELETE without WHERE. The statements are the SQL
-- of the page's examples.
CREATE TABLE shop_product (id bigint PRIMARY KEY, name varchar(200), sku varchar(32));
INSERT INTO shop_product SELECT i, 'p' || i, CASE WHEN i % 2 = 0 THEN 's' ELSE 'S' END || i
FROM generate_series(1, 10000) i;
CREATE TABLE order_events (id bigint PRIMARY KEY);
INSERT INTO order_events SELECT generate_series(1, 1000);
SELECT open_session('app');

-- The rows of a table no statement holds a lock on, as the application sees them.
CREATE FUNCTION unlocked_rows(rel text) RETURNS bigint LANGUAGE sql AS $$
    SELECT n FROM dblink('app', format('SELECT count(*) FROM (SELECT FROM %I FOR UPDATE SKIP LOCKED) AS q', rel))
        AS t(n bigint)
$$;

-- "It changes every row of the table in one transaction: on a large table it holds row locks
-- on all of them for the whole run, blocks the application's updates and deletes of them, and
-- bloats the table"
VACUUM shop_product;
SELECT pg_relation_size('shop_product') AS size_before \gset
BEGIN;
UPDATE shop_product SET sku = upper(sku);
SELECT claim(unlocked_rows('shop_product') = 0, 'UPDATE without WHERE locks every row');
SELECT claim(waits('app', 'UPDATE shop_product SET name = ''m'' WHERE id = 1')
    AND waits('app', 'DELETE FROM shop_product WHERE id = 2'), '... which blocks updates and deletes of them');
SELECT claim(NOT waits('app', 'INSERT INTO shop_product VALUES (10001, ''n'', ''s'')'), '... and lets inserts through');
SELECT claim(pg_relation_size('shop_product') >= 1.9 * :size_before, '... and doubles the size of the table');
ROLLBACK;
BEGIN;
DELETE FROM order_events;
SELECT claim(unlocked_rows('order_events') = 0, 'DELETE without WHERE locks every row');
ROLLBACK;

-- Use instead: "Say which rows": only those are locked
SELECT count(*) AS unchanged FROM shop_product WHERE sku = upper(sku) \gset
BEGIN;
UPDATE shop_product SET sku = upper(sku) WHERE sku <> upper(sku);
SELECT claim(unlocked_rows('shop_product') = :unchanged, 'UPDATE ... WHERE locks only the rows it changes');
ROLLBACK;
