-- rules/MC504.md on PostgreSQL: a column renamed while code that uses it still runs.
CREATE TABLE shop_product (id bigint PRIMARY KEY, title varchar(200));
INSERT INTO shop_product SELECT i, 'p' || i FROM generate_series(1, 10) i;

-- "The code still deployed during the rollout uses the old name; every query it makes on the
-- column fails"
ALTER TABLE shop_product RENAME COLUMN title TO name;
SELECT claim(error_of('SELECT id, title FROM shop_product') = 'column "title" does not exist',
    'a query naming the old column fails');
SELECT claim(error_of('UPDATE shop_product SET title = ''t'' WHERE id = 1') = 'column "title" of relation "shop_product" does not exist',
    'an update naming the old column fails');
