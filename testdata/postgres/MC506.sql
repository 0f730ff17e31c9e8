-- rules/MC506.md on PostgreSQL: an existing column made NOT NULL. The statements are the SQL
-- of the page's examples (Django's AlterField, Alembic's op.alter_column, the RunSQL).
CREATE TABLE shop_product (id bigint PRIMARY KEY, sku varchar(32));
INSERT INTO shop_product SELECT i, 's' || i FROM generate_series(1, 1000) i;
SELECT open_session('app');

-- "The database checks every row before it accepts the constraint, and holds a lock that
-- blocks reads and writes of the table while it does"
BEGIN;
SELECT scans('shop_product') AS before \gset
ALTER TABLE "shop_product" ALTER COLUMN "sku" SET NOT NULL;
SELECT claim(scans('shop_product') > :before, 'SET NOT NULL scans the table');
SELECT claim(strongest_lock('shop_product') = 'AccessExclusiveLock', 'SET NOT NULL holds an ACCESS EXCLUSIVE lock on the table');
SELECT claim(waits('app', 'SELECT id FROM shop_product WHERE id = 1'), 'SET NOT NULL blocks reads');
SELECT claim(waits('app', 'INSERT INTO shop_product VALUES (1001, ''s'')'), 'SET NOT NULL blocks inserts');
ROLLBACK;
INSERT INTO shop_product VALUES (1002, NULL);
SELECT claim(error_of('ALTER TABLE shop_product ALTER COLUMN sku SET NOT NULL')
    = 'column "sku" of relation "shop_product" contains null values',
    'SET NOT NULL fails on a column with a null');
DELETE FROM shop_product WHERE sku IS NULL;

-- Use instead: "add a CHECK (sku IS NOT NULL) NOT VALID constraint, validate it in a later
-- migration (that scan does not block writes), and then set NOT NULL: PostgreSQL 12 and later
-- use the validated constraint and skip the scan"
BEGIN;
SELECT scans('shop_product') AS before \gset
ALTER TABLE shop_product ADD CONSTRAINT sku_not_null CHECK (sku IS NOT NULL) NOT VALID;
SELECT claim(scans('shop_product') = :before, 'ADD CONSTRAINT ... CHECK ... NOT VALID does not scan the table');
COMMIT;
BEGIN;
SELECT scans('shop_product') AS before \gset
ALTER TABLE shop_product ALTER COLUMN sku SET NOT NULL;
SELECT claim(scans('shop_product') > :before, 'SET NOT NULL still scans while the check is not validated');
ROLLBACK;
BEGIN;
SELECT scans('shop_product') AS before \gset
ALTER TABLE shop_product VALIDATE CONSTRAINT sku_not_null;
SELECT claim(scans('shop_product') > :before, 'VALIDATE CONSTRAINT scans the table');
SELECT claim(strongest_lock('shop_product') = 'ShareUpdateExclusiveLock', 'VALIDATE CONSTRAINT holds a SHARE UPDATE EXCLUSIVE lock on the table');
SELECT claim(NOT waits('app', 'INSERT INTO shop_product VALUES (1003, ''s'')'), 'VALIDATE CONSTRAINT lets inserts through');
SELECT claim(NOT waits('app', 'UPDATE shop_product SET sku = ''t'' WHERE id = 1'), 'VALIDATE CONSTRAINT lets updates through');
COMMIT;
BEGIN;
SELECT scans('shop_product') AS before \gset
ALTER TABLE shop_product ALTER COLUMN sku SET NOT NULL;
SELECT claim(scans('shop_product') = :before, 'SET NOT NULL does not scan a table whose validated check proves it');
COMMIT;
