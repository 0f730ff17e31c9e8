-- rules/MC509.md on PostgreSQL: CONCURRENTLY inside a transaction. Django runs an atomic
-- migration's statements after BEGIN, Alembic a revision's outside autocommit_block() too;
-- the statements are the SQL of the page's examples.
CREATE TABLE shop_product (id bigint PRIMARY KEY, name varchar(200), sku varchar(32));
INSERT INTO shop_product SELECT i, 'p' || i, 's' || i FROM generate_series(1, 100) i;
CREATE INDEX product_name_idx ON shop_product (name);
SELECT open_session('migration');

-- "PostgreSQL refuses: "CREATE INDEX CONCURRENTLY cannot run inside a transaction block""
SELECT dblink_exec('migration', 'BEGIN');
SELECT claim(error_of('CREATE INDEX CONCURRENTLY "product_sku_idx" ON "shop_product" ("sku")', 'migration')
    = 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block',
    'CREATE INDEX CONCURRENTLY fails inside a transaction');
SELECT dblink_exec('migration', 'ROLLBACK');
SELECT dblink_exec('migration', 'BEGIN');
SELECT claim(error_of('DROP INDEX CONCURRENTLY product_name_idx', 'migration')
    = 'DROP INDEX CONCURRENTLY cannot run inside a transaction block',
    'DROP INDEX CONCURRENTLY fails inside a transaction');
SELECT dblink_exec('migration', 'ROLLBACK');

-- Use instead: atomic = False, autocommit_block(): each statement on its own
-- (this session waits for it committing, as the build waits for older transactions)
SELECT dblink_send_query('migration', 'CREATE INDEX CONCURRENTLY "product_sku_idx" ON "shop_product" ("sku")');
CALL until_done('migration');
SELECT claim(status = 'CREATE INDEX', 'CREATE INDEX CONCURRENTLY works outside a transaction')
FROM dblink_get_result('migration') AS t(status text);
SELECT * FROM dblink_get_result('migration') AS t(status text);
SELECT dblink_send_query('migration', 'DROP INDEX CONCURRENTLY product_name_idx');
CALL until_done('migration');
SELECT claim(status = 'DROP INDEX', 'DROP INDEX CONCURRENTLY works outside a transaction')
FROM dblink_get_result('migration') AS t(status text);
SELECT * FROM dblink_get_result('migration') AS t(status text);
