-- rules/MC508.md on PostgreSQL: what CREATE INDEX and DROP INDEX lock, with and without
-- CONCURRENTLY. The statements are the SQL of the page's examples (Django's AddIndex,
-- RemoveIndex and AlterUniqueTogether, Alembic's op.create_index, the RunSQL).
CREATE TABLE shop_product (id bigint PRIMARY KEY, name varchar(200), sku varchar(32));
INSERT INTO shop_product SELECT i, 'p' || i, 's' || i FROM generate_series(1, 1000) i;
SELECT open_session('app');

-- "A plain CREATE INDEX blocks every write to the table until the index is built"
BEGIN;
CREATE INDEX "product_sku_idx" ON "shop_product" ("sku");
SELECT claim(strongest_lock('shop_product') = 'ShareLock', 'CREATE INDEX holds a SHARE lock on the table');
SELECT claim(waits('app', 'INSERT INTO shop_product VALUES (5001, ''n'', ''s'')'), 'CREATE INDEX blocks inserts');
SELECT claim(waits('app', 'UPDATE shop_product SET name = ''m'' WHERE id = 1'), 'CREATE INDEX blocks updates');
SELECT claim(NOT waits('app', 'SELECT count(*) FROM shop_product'), 'CREATE INDEX lets reads through');
COMMIT;

-- "DROP INDEX waits for ... every query on the table": a transaction that read it holds it up
SELECT dblink_exec('app', 'BEGIN');
SELECT * FROM dblink('app', 'SELECT count(*) FROM shop_product') AS t(n bigint);
SET lock_timeout = '200ms';
SELECT claim(error_of('DROP INDEX "product_sku_idx"') = 'canceling statement due to lock timeout',
    'DROP INDEX waits for a transaction that read the table');
RESET lock_timeout;
SELECT dblink_exec('app', 'COMMIT');

-- "... and then blocks every query on the table"
BEGIN;
DROP INDEX IF EXISTS "product_sku_idx";
SELECT claim(strongest_lock('shop_product') = 'AccessExclusiveLock', 'DROP INDEX holds an ACCESS EXCLUSIVE lock on the table');
SELECT claim(waits('app', 'SELECT count(*) FROM shop_product'), 'DROP INDEX blocks reads');
ROLLBACK;

-- "DROP COLUMN takes the same lock (and drops the indexes on that column itself)"
BEGIN;
ALTER TABLE shop_product DROP COLUMN sku;
SELECT claim(strongest_lock('shop_product') = 'AccessExclusiveLock', 'DROP COLUMN holds an ACCESS EXCLUSIVE lock on the table');
SELECT claim(to_regclass('product_sku_idx') IS NULL, 'DROP COLUMN drops the index on the column');
ROLLBACK;

-- "A unique constraint added with ALTER TABLE (what AlterUniqueTogether runs) builds its index
-- while blocking reads as well"
BEGIN;
ALTER TABLE "shop_product" ADD CONSTRAINT "shop_product_name_sku_uniq" UNIQUE ("name", "sku");
SELECT claim(strongest_lock('shop_product') = 'AccessExclusiveLock', 'ADD CONSTRAINT ... UNIQUE holds an ACCESS EXCLUSIVE lock on the table');
SELECT claim(waits('app', 'SELECT count(*) FROM shop_product'), 'ADD CONSTRAINT ... UNIQUE blocks reads');
SELECT claim(to_regclass('shop_product_name_sku_uniq') IS NOT NULL, 'ADD CONSTRAINT ... UNIQUE builds a unique index');
ROLLBACK;

-- "CONCURRENTLY builds and drops without blocking writes" (Use instead). The build waits for
-- the transactions that were writing to the table when it started: this one, here. While it
-- waits, holding its lock, the application writes on.
SELECT open_session('migration');
SELECT dblink_exec('migration', 'SET lock_timeout = 0');
SELECT pid_of('migration') AS migration_pid \gset
BEGIN;
INSERT INTO shop_product VALUES (5002, 'w', 'w');
SELECT dblink_send_query('migration', 'CREATE INDEX CONCURRENTLY product_name_idx ON shop_product (name)');
SELECT claim(until_waiting(:migration_pid), 'CREATE INDEX CONCURRENTLY waits for the transactions writing to the table');
SELECT claim(strongest_lock('shop_product', :migration_pid) = 'ShareUpdateExclusiveLock',
    'CREATE INDEX CONCURRENTLY holds a SHARE UPDATE EXCLUSIVE lock on the table');
SELECT claim(NOT waits('app', 'INSERT INTO shop_product VALUES (5003, ''n'', ''s'')'), 'CREATE INDEX CONCURRENTLY lets inserts through');
SELECT claim(NOT waits('app', 'UPDATE shop_product SET name = ''m'' WHERE id = 2'), 'CREATE INDEX CONCURRENTLY lets updates through');
COMMIT;
CALL until_done('migration');
SELECT claim(status = 'CREATE INDEX', 'CREATE INDEX CONCURRENTLY finishes once they are done')
FROM dblink_get_result('migration') AS t(status text);
SELECT * FROM dblink_get_result('migration') AS t(status text);
SELECT claim(indisvalid, 'the index built concurrently is valid')
FROM pg_index WHERE indexrelid = 'product_name_idx'::regclass;

BEGIN;
INSERT INTO shop_product VALUES (5004, 'w', 'w');
SELECT dblink_send_query('migration', 'DROP INDEX CONCURRENTLY product_name_idx');
SELECT claim(until_waiting(:migration_pid), 'DROP INDEX CONCURRENTLY waits for the transactions using the table');
SELECT claim(strongest_lock('shop_product', :migration_pid) = 'ShareUpdateExclusiveLock',
    'DROP INDEX CONCURRENTLY holds a SHARE UPDATE EXCLUSIVE lock on the table');
SELECT claim(NOT waits('app', 'INSERT INTO shop_product VALUES (5005, ''n'', ''s'')'), 'DROP INDEX CONCURRENTLY lets inserts through');
SELECT claim(NOT waits('app', 'SELECT count(*) FROM shop_product'), 'DROP INDEX CONCURRENTLY lets reads through');
COMMIT;
CALL until_done('migration');
SELECT claim(status = 'DROP INDEX', 'DROP INDEX CONCURRENTLY finishes once they are done')
FROM dblink_get_result('migration') AS t(status text);
SELECT * FROM dblink_get_result('migration') AS t(status text);
SELECT claim(to_regclass('product_name_idx') IS NULL, 'the index is gone');
