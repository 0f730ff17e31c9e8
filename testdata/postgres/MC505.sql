-- rules/MC505.md on PostgreSQL: a table renamed while code that uses it still runs.
CREATE TABLE "order" (id bigint PRIMARY KEY, total integer);
INSERT INTO "order" SELECT i, i FROM generate_series(1, 10) i;

-- "The code still deployed during the rollout uses the old table name and fails"
BEGIN;
ALTER TABLE "order" RENAME TO purchase;
SELECT claim(error_of('SELECT id FROM "order"') = 'relation "order" does not exist',
    'a query on the old table name fails');
ROLLBACK;

-- Use instead: "create a view with the new name, which reads and writes the table, while the
-- code switches over to it"
CREATE VIEW purchase AS SELECT * FROM "order";
INSERT INTO purchase VALUES (11, 11);
UPDATE purchase SET total = 0 WHERE id = 1;
SELECT claim((SELECT count(*) FROM "order") = 11 AND (SELECT total FROM "order" WHERE id = 1) = 0,
    'a view SELECT * of the table takes inserts and updates for it');
