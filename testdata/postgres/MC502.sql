-- rules/MC502.md on PostgreSQL: a column dropped while code that uses it still runs.
CREATE TABLE shop_product (id bigint PRIMARY KEY, name varchar(200), legacy_code varchar(20));
INSERT INTO shop_product SELECT i, 'p' || i, 'c' || i FROM generate_series(1, 10) i;

-- "any query on the model fails the moment the column is gone" (Django names every column)
ALTER TABLE shop_product DROP COLUMN legacy_code;
SELECT claim(error_of('SELECT id, name, legacy_code FROM shop_product') = 'column "legacy_code" does not exist',
    'a query naming the dropped column fails');
SELECT claim(error_of('INSERT INTO shop_product (id, name, legacy_code) VALUES (11, ''n'', ''c'')')
    = 'column "legacy_code" of relation "shop_product" does not exist',
    'an insert naming the dropped column fails');
