-- rules/MC510.md on PostgreSQL: a foreign key or check constraint added to a table with rows.
-- The statements are the SQL of the page's examples.
CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT generate_series(1, 100);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, price integer);
INSERT INTO orders SELECT i, i % 100 + 1, i FROM generate_series(1, 1000) i;
SELECT open_session('app');

-- "Adding a validated constraint makes PostgreSQL check every existing row while it holds a
-- lock that blocks writes to the table (for a foreign key, to the referenced table too; for a
-- check constraint, reads as well)"
BEGIN;
SELECT scans('orders') AS before \gset
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
SELECT claim(scans('orders') > :before, 'ADD CONSTRAINT ... FOREIGN KEY scans the table');
SELECT claim(strongest_lock('orders') = 'ShareRowExclusiveLock' AND strongest_lock('customers') = 'ShareRowExclusiveLock',
    'ADD CONSTRAINT ... FOREIGN KEY holds a SHARE ROW EXCLUSIVE lock on both tables');
SELECT claim(waits('app', 'INSERT INTO orders VALUES (1001, 1, 1)'), '... which blocks writes to the table');
SELECT claim(waits('app', 'INSERT INTO customers VALUES (101)'), '... and to the referenced table');
SELECT claim(NOT waits('app', 'SELECT id FROM orders WHERE id = 1'), '... and lets reads through');
ROLLBACK;
BEGIN;
SELECT scans('orders') AS before \gset
ALTER TABLE orders ADD CONSTRAINT product_price_positive CHECK (price >= 0);
SELECT claim(scans('orders') > :before, 'ADD CONSTRAINT ... CHECK scans the table');
SELECT claim(strongest_lock('orders') = 'AccessExclusiveLock', 'ADD CONSTRAINT ... CHECK holds an ACCESS EXCLUSIVE lock on the table');
SELECT claim(waits('app', 'INSERT INTO orders VALUES (1001, 1, 1)'), '... which blocks writes');
SELECT claim(waits('app', 'SELECT id FROM orders WHERE id = 1'), '... and reads');
ROLLBACK;
INSERT INTO orders VALUES (1002, 1, -1);
SELECT claim(error_of('ALTER TABLE orders ADD CONSTRAINT product_price_positive CHECK (price >= 0)')
    = 'check constraint "product_price_positive" of relation "orders" is violated by some row',
    'ADD CONSTRAINT ... CHECK fails on a row that breaks it');

-- "A foreign key added on its own to a column added just before (op.add_column, then
-- op.create_foreign_key) is checked row by row all the same"; not so one declared in the
-- ADD COLUMN (what Django's AddField runs)
BEGIN;
ALTER TABLE orders ADD COLUMN coupon_id bigint;
SELECT scans('orders') AS before \gset
ALTER TABLE orders ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES customers (id);
SELECT claim(scans('orders') > :before, 'ADD CONSTRAINT ... FOREIGN KEY on a column just added scans the table');
ROLLBACK;
BEGIN;
SELECT scans('orders') AS before \gset
ALTER TABLE orders ADD COLUMN coupon_id bigint NULL CONSTRAINT orders_coupon_fk REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED;
SELECT claim(scans('orders') = :before, 'ADD COLUMN ... REFERENCES does not scan the table');
ROLLBACK;

-- "NOT VALID adds it instantly for new rows"
BEGIN;
SELECT scans('orders') AS before \gset
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT product_price_positive CHECK (price >= 0) NOT VALID;
SELECT claim(scans('orders') = :before, 'ADD CONSTRAINT ... NOT VALID does not scan the table');
COMMIT;
SELECT claim(error_of('INSERT INTO orders VALUES (1003, 1, -1)') LIKE 'new row for relation "orders" violates check constraint%'
    AND error_of('INSERT INTO orders VALUES (1003, 999, 1)') LIKE 'insert or update on table "orders" violates foreign key constraint%',
    'a NOT VALID constraint holds for new rows');
DELETE FROM orders WHERE price < 0;

-- "VALIDATE CONSTRAINT later checks the old rows under a lock that lets writes through"
BEGIN;
SELECT scans('orders') AS before \gset
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
ALTER TABLE orders VALIDATE CONSTRAINT product_price_positive;
SELECT claim(scans('orders') > :before, 'VALIDATE CONSTRAINT scans the table');
SELECT claim(strongest_lock('orders') = 'ShareUpdateExclusiveLock', 'VALIDATE CONSTRAINT holds a SHARE UPDATE EXCLUSIVE lock on the table');
SELECT claim(NOT waits('app', 'INSERT INTO orders VALUES (1004, 1, 1)') AND NOT waits('app', 'UPDATE orders SET price = 2 WHERE id = 1'),
    '... which lets writes to the table through');
SELECT claim(NOT waits('app', 'INSERT INTO customers VALUES (102)'), '... and to the referenced table');
COMMIT;
