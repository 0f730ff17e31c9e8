-- rules/MC503.md on PostgreSQL: a table dropped while code that uses it still runs.
CREATE TABLE legacy_orders (id bigint PRIMARY KEY);
INSERT INTO legacy_orders SELECT generate_series(1, 10);

-- "code still deployed during the rollout may query the table and fail"
DROP TABLE legacy_orders;
SELECT claim(error_of('SELECT id FROM legacy_orders') = 'relation "legacy_orders" does not exist',
    'a query on the dropped table fails');
