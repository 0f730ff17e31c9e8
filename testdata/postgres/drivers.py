"""rules/MC509.md on PostgreSQL, through the drivers: after an SQL COMMIT in a revision
(`op.execute("COMMIT")`), psycopg2 sends no new BEGIN, so CREATE INDEX CONCURRENTLY runs
outside any transaction; psycopg 3 sees the server idle, begins again, and PostgreSQL refuses.
Run by scripts/test-postgres with the connection string as its argument."""

import sys

import psycopg
import psycopg2

conninfo = sys.argv[1]
failed = False


def claim(holds, what):
    global failed
    print(f"test-postgres: MC509: {'proven' if holds else 'DOES NOT HOLD'}: {what}")
    failed |= not holds


def after_commit(connect, errors):
    """Runs the revision's statements as Alembic does (one transaction, not autocommit);
    the error PostgreSQL gives for the CONCURRENTLY after the COMMIT, or None."""
    connection = connect(conninfo)
    try:
        cursor = connection.cursor()
        cursor.execute("DROP TABLE IF EXISTS orders; CREATE TABLE orders (id int, placed_at date)")
        connection.commit()
        cursor.execute("SELECT 1")  # the revision's transaction is open
        cursor.execute("COMMIT")
        try:
            cursor.execute("CREATE INDEX CONCURRENTLY ix_orders_placed ON orders (placed_at)")
        except errors as error:
            return str(error).strip().splitlines()[0]
        return None
    finally:
        connection.close()


claim(
    after_commit(psycopg2.connect, psycopg2.Error) is None,
    "with psycopg2, CREATE INDEX CONCURRENTLY after an SQL COMMIT runs (outside a transaction)",
)
claim(
    after_commit(psycopg.connect, psycopg.Error)
    == "CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
    "with psycopg 3, CREATE INDEX CONCURRENTLY after an SQL COMMIT is refused",
)
sys.exit(1 if failed else 0)
