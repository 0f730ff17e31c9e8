-- rules/MC507.md on PostgreSQL: which column type changes rewrite the table. The statements
-- are the SQL of the page's examples (Alembic's op.alter_column, Django's AlterField, the
-- RunSQL) and of the changes it says are done in place.
CREATE EXTENSION citext;
CREATE TABLE orders (id bigint PRIMARY KEY, total integer, code varchar(32), name varchar(32),
    note text, price numeric(10, 2), amount numeric(8, 2), email varchar(254), tag citext);
INSERT INTO orders SELECT i, i, 'c' || i, 'n' || i, 't' || i, i, i, 'e' || i, 'g' || i
FROM generate_series(1, 1000) i;
CREATE INDEX orders_total ON orders (total);
CREATE INDEX orders_code ON orders (code);
CREATE INDEX orders_name ON orders (name);
CREATE INDEX orders_note ON orders (note);
CREATE INDEX orders_price ON orders (price);
CREATE INDEX orders_email ON orders (email);
CREATE INDEX orders_tag ON orders (tag);
SELECT open_session('app');

-- Whether a statement gives a table (or index) a new file: rewrites it.
CREATE FUNCTION rewrites(statement text, rel regclass) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    before oid := pg_relation_filenode(rel);
BEGIN
    EXECUTE statement;
    RETURN pg_relation_filenode(rel) <> before;
END $$;

-- "Changing a column's type makes the database rewrite the whole table and its indexes, while
-- a lock blocks reads and writes"
BEGIN;
SELECT pg_relation_filenode('orders_total') AS index_before \gset
SELECT claim(rewrites('ALTER TABLE orders ALTER COLUMN total TYPE BIGINT', 'orders'),
    'integer to bigint rewrites the table');
SELECT claim(pg_relation_filenode('orders_total') <> :index_before, '... and its index');
SELECT claim(strongest_lock('orders') = 'AccessExclusiveLock', '... under an ACCESS EXCLUSIVE lock');
SELECT claim(waits('app', 'SELECT id FROM orders WHERE id = 1'), '... that blocks reads');
SELECT claim(waits('app', 'INSERT INTO orders (id) VALUES (1001)'), '... and writes');
ROLLBACK;
SELECT claim(rewrites('ALTER TABLE "orders" ALTER COLUMN "total" TYPE bigint USING "total"::bigint', 'orders'),
    'Django''s IntegerField to BigIntegerField (TYPE bigint USING) rewrites the table');
SELECT claim(rewrites('ALTER TABLE orders ALTER COLUMN code TYPE varchar(16)', 'orders'),
    'a shorter varchar rewrites the table');

-- "a longer max_length and CharField to TextField are done in place"; "More digits with the
-- same scale (Numeric(10, 2) to Numeric(12, 2), SQL numeric(8,2) to numeric(11,2)), a longer
-- varchar and varchar to text are done in place"
SELECT pg_relation_filenode('orders_name') AS name_before, pg_relation_filenode('orders_price') AS price_before \gset
SELECT claim(NOT rewrites('ALTER TABLE orders ALTER COLUMN name TYPE varchar(64)', 'orders')
    AND NOT rewrites('ALTER TABLE orders ALTER COLUMN name TYPE text', 'orders')
    AND NOT rewrites('ALTER TABLE orders ALTER COLUMN price TYPE numeric(12, 2)', 'orders')
    AND NOT rewrites('ALTER TABLE orders ALTER COLUMN amount TYPE numeric(11,2)', 'orders'),
    'a longer varchar, varchar to text and numeric with more digits keep the table');
SELECT claim(pg_relation_filenode('orders_name') = :name_before
    AND pg_relation_filenode('orders_price') = :price_before, '... and their indexes');
SELECT claim(rewrites('ALTER TABLE orders ALTER COLUMN price TYPE numeric(14, 4)', 'orders'),
    'numeric with another scale rewrites the table');

-- "varchar or text to citext (and back to a type without a length) keeps the table, but
-- rebuilds every index on the column under the same lock"
BEGIN;
SELECT pg_relation_filenode('orders_note') AS note_before, pg_relation_filenode('orders_email') AS email_before,
    pg_relation_filenode('orders_tag') AS tag_before \gset
SELECT claim(NOT rewrites('ALTER TABLE orders ALTER COLUMN note TYPE citext', 'orders')
    AND NOT rewrites('ALTER TABLE orders ALTER COLUMN email TYPE citext', 'orders')
    AND NOT rewrites('ALTER TABLE orders ALTER COLUMN tag TYPE text', 'orders'),
    'text and varchar to citext, and citext to text, keep the table');
SELECT claim(pg_relation_filenode('orders_note') <> :note_before
    AND pg_relation_filenode('orders_email') <> :email_before
    AND pg_relation_filenode('orders_tag') <> :tag_before, '... but rebuild the index on the column');
SELECT claim(strongest_lock('orders') = 'AccessExclusiveLock', '... under an ACCESS EXCLUSIVE lock');
ROLLBACK;

-- Use instead: "Add a column of the new type": no rewrite
SELECT claim(NOT rewrites('ALTER TABLE orders ADD COLUMN total_big BIGINT', 'orders'),
    'adding a nullable column keeps the table');
