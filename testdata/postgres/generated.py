"""The rule pages (rules/MC5xx.md) on PostgreSQL, with the SQL Django and Alembic generate for
their examples: each framework runs its operation on a table with rows, and what each
statement it ran does is watched from a second connection (the application's other
processes): the lock it holds, what it blocks, whether it scans the table.
Run by scripts/test-postgres with the connection string as its argument."""

import itertools
import sys
import threading
import time

import psycopg2
import psycopg2.errors
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from django.conf import settings

conninfo = sys.argv[1]
failed = False

# A new row for each table, to see whether writes get through (never the same twice: a
# row with the key of one not yet committed would wait for that transaction).
rows = itertools.count(1000001)
INSERTS = {
    "shop_supplier": "INSERT INTO shop_supplier (name) VALUES ('new')",
    "shop_product": "INSERT INTO shop_product (name, sku, price) VALUES ('new', 'n{n}', 1)",
    "customers": "INSERT INTO customers VALUES ({n}, 'n{n}')",
    "orders": "INSERT INTO orders (id, customer_id, price) VALUES ({n}, 1, 1)",
}


def insert(table):
    return INSERTS[table].format(n=next(rows))


def claim(code, holds, what, ran=()):
    global failed
    print(f"test-postgres: {code}: {'proven' if holds else 'DOES NOT HOLD'}: {what}")
    if not holds:
        for statement in ran:
            print(f"test-postgres: {code}:     it ran: {statement.sql}")
    failed |= not holds


def session():
    """A connection of the application's: it gives up waiting for a lock after a fifth of a
    second (any wait means the lock blocks it)."""
    connection = psycopg2.connect(conninfo)
    connection.autocommit = True
    connection.cursor().execute("SET lock_timeout = '200ms'")
    return connection


app = session()


def query(sql):
    cursor = app.cursor()
    cursor.execute(sql)
    return cursor.fetchall()


def waits(sql):
    """Whether a statement of the application's waits for a lock; one that runs is undone."""
    cursor = app.cursor()
    try:
        cursor.execute("BEGIN")
        cursor.execute(sql)
        return False
    except psycopg2.errors.LockNotAvailable:
        return True
    finally:
        cursor.execute("ROLLBACK")


def strongest_lock(table, pid):
    rows = query(
        f"""SELECT mode FROM pg_locks WHERE locktype = 'relation' AND granted
        AND pid = {pid} AND relation = '{table}'::regclass
        ORDER BY array_position(ARRAY['AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
            'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
            'AccessExclusiveLock'], mode) DESC LIMIT 1"""
    )
    return rows[0][0] if rows else None


class Statement:
    """One statement a framework ran, and what it did to the tables while its transaction was
    open (Django's each in a transaction of its own, Alembic's in the operation's: the locks
    seen are the statement's)."""

    def __init__(self, sql, pid, tables, before, after):
        self.sql = " ".join(str(sql).split())
        self.scanned = {t: after[t][0] > before[t][0] for t in tables}
        self.rewrote = {t: after[t][1] != before[t][1] for t in tables}
        self.lock = {t: strongest_lock(t, pid) for t in tables}
        self.blocks_writes = {t: waits(insert(t)) for t in tables}
        self.blocks_reads = {t: waits(f"SELECT * FROM {t} LIMIT 1") for t in tables}


def files(cursor, tables):
    """Of each table, in the current transaction: its sequential scans and its file."""
    found = {}
    for table in tables:
        cursor.execute(
            f"""SELECT pg_stat_get_xact_numscans('{table}'::regclass),
            pg_relation_filenode('{table}'::regclass)"""
        )
        found[table] = cursor.fetchone()
    return found


def watched(cursor, pid, tables, sql, run):
    """Runs a statement in the open transaction and watches what it does."""
    before = files(cursor, tables)
    run()
    return Statement(sql, pid, tables, before, files(cursor, tables))


def error_of(sql):
    """The error a statement of the application's raises (it is undone), or None."""
    cursor = app.cursor()
    try:
        cursor.execute("BEGIN")
        cursor.execute(sql)
        return None
    except psycopg2.Error as error:
        return error.diag.message_primary
    finally:
        cursor.execute("ROLLBACK")


def while_waiting(table, pid, run):
    """Runs a statement that builds concurrently while the application writes to the table
    in a transaction left open: the build waits for it. Returns the lock it holds while it
    waits, whether the application's inserts get through meanwhile, and what run() returns."""
    writer = session()
    writer.cursor().execute(f"BEGIN; {insert(table)}")
    seen = {}

    def watch():
        try:
            for _ in range(200):
                if query(f"SELECT FROM pg_locks WHERE pid = {pid} AND NOT granted"):
                    seen["lock"] = strongest_lock(table, pid)
                    seen["blocks_writes"] = waits(insert(table))
                    break
                time.sleep(0.05)
        finally:
            writer.cursor().execute("ROLLBACK")

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        seen["ran"] = run()
    finally:
        watcher.join()
        writer.close()
    return seen


def index_valid(name):
    return query(f"SELECT indisvalid FROM pg_index WHERE indexrelid = '{name}'::regclass")[0][0]


# The tables, with rows.
app.cursor().execute(
    """
    CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(200));
    INSERT INTO customers SELECT i, 'c' || i FROM generate_series(1, 1000) i;
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, price integer,
        status varchar(20));
    INSERT INTO orders SELECT i, i % 1000 + 1, i FROM generate_series(1, 10000) i;
    """
)

# Django: each operation is run by its schema editor, as its migration runs it.
parts = psycopg2.extensions.parse_dsn(conninfo)
settings.configure(
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts["dbname"],
            "USER": parts["user"],
            "HOST": parts["host"],
            "PORT": parts["port"],
        }
    },
    USE_TZ=True,
)
import django  # noqa: E402

django.setup()
from django.contrib.postgres.operations import AddIndexConcurrently  # noqa: E402
from django.db import connection, migrations, models, transaction  # noqa: E402
from django.db.migrations.state import ProjectState  # noqa: E402

django_state = ProjectState()
django_tables = ["shop_product", "shop_supplier"]


def django_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def django_run(operation, each_in_transaction=True):
    """Runs a Django operation with the schema editor, each statement in a transaction of its
    own where it is watched (or, for a migration that is not atomic, as it is); returns the
    statements it ran."""
    global django_state
    new_state = django_state.clone()
    operation.state_forwards("shop", new_state)
    ran = []
    pid = django_pid()
    with connection.schema_editor(atomic=False) as editor:
        execute = editor.execute

        def watched_execute(sql, params=()):
            if not each_in_transaction:
                execute(sql, params)
                ran.append(" ".join(connection.ops.compose_sql(str(sql), params).split()))
                return
            with transaction.atomic(), connection.cursor() as cursor:
                sent = connection.ops.compose_sql(str(sql), params)
                run = lambda: execute(sql, params)  # noqa: E731
                ran.append(watched(cursor, pid, django_tables, sent, run))

        editor.execute = watched_execute
        operation.database_forwards("shop", editor, django_state, new_state)
    django_state = new_state
    return ran


for operation in [
    migrations.CreateModel(
        "supplier",
        [
            ("id", models.BigAutoField(primary_key=True)),
            ("name", models.CharField(max_length=200)),
        ],
    ),
    migrations.CreateModel(
        "product",
        [
            ("id", models.BigAutoField(primary_key=True)),
            ("name", models.CharField(max_length=200)),
            ("sku", models.CharField(max_length=32)),
            ("price", models.IntegerField()),
        ],
    ),
]:
    django_run(operation, each_in_transaction=False)
with connection.cursor() as cursor:
    cursor.execute(
        """INSERT INTO shop_supplier (name) SELECT 's' || i FROM generate_series(1, 100) i;
        INSERT INTO shop_product (name, sku, price)
            SELECT 'p' || i, 's' || i, i FROM generate_series(1, 10000) i"""
    )


def only(ran, starts):
    """The one statement run that starts so."""
    found = [s for s in ran if s.sql.upper().startswith(starts)]
    return found[0] if len(found) == 1 else None


# MC508 / MC510: a foreign key added to a model with rows.
ran = django_run(
    migrations.AddField(
        "product",
        "supplier",
        models.ForeignKey(null=True, on_delete=models.SET_NULL, to="shop.supplier"),
    )
)
add = only(ran, 'ALTER TABLE "SHOP_PRODUCT" ADD COLUMN')
index = only(ran, "CREATE INDEX ")
claim(
    "MC508",
    index is not None
    and index.lock["shop_product"] == "ShareLock"
    and index.blocks_writes["shop_product"]
    and not index.blocks_reads["shop_product"],
    "Django AddField(ForeignKey) builds its index with CREATE INDEX, which holds a SHARE lock "
    "that blocks writes to the table (reads get through)",
    ran,
)
claim(
    "MC510",
    add is not None and "REFERENCES" in add.sql and not any(add.scanned.values()),
    "Django AddField(ForeignKey) declares the foreign key in ADD COLUMN, which scans neither "
    "table",
    ran,
)

# MC508: a unique constraint added with ALTER TABLE blocks reads too.
for name, operation in [
    (
        "AddConstraint(UniqueConstraint)",
        migrations.AddConstraint(
            "product", models.UniqueConstraint(fields=["sku"], name="product_sku_uniq")
        ),
    ),
    ("AlterUniqueTogether", migrations.AlterUniqueTogether("product", {("name", "sku")})),
]:
    ran = django_run(operation)
    unique = only(ran, 'ALTER TABLE "SHOP_PRODUCT" ADD CONSTRAINT')
    claim(
        "MC508",
        len(ran) == 1
        and unique is not None
        and " UNIQUE (" in unique.sql
        and unique.lock["shop_product"] == "AccessExclusiveLock"
        and unique.blocks_reads["shop_product"],
        f"Django {name} runs ALTER TABLE ... ADD CONSTRAINT ... UNIQUE, which holds an "
        "ACCESS EXCLUSIVE lock that blocks reads of the table",
        ran,
    )

# MC510: a check constraint.
ran = django_run(
    migrations.AddConstraint(
        "product",
        models.CheckConstraint(condition=models.Q(price__gte=0), name="product_price_positive"),
    )
)
check = only(ran, 'ALTER TABLE "SHOP_PRODUCT" ADD CONSTRAINT')
claim(
    "MC510",
    len(ran) == 1
    and check is not None
    and " CHECK " in check.sql
    and "NOT VALID" not in check.sql
    and check.scanned["shop_product"]
    and check.lock["shop_product"] == "AccessExclusiveLock"
    and check.blocks_reads["shop_product"],
    "Django AddConstraint(CheckConstraint) runs ADD CONSTRAINT ... CHECK, which scans the table "
    "under an ACCESS EXCLUSIVE lock that blocks reads",
    ran,
)

# MC508 (Use instead): AddIndexConcurrently in a migration that is not atomic.
seen = while_waiting(
    "shop_product",
    django_pid(),
    lambda: django_run(
        AddIndexConcurrently("product", models.Index(fields=["name"], name="product_name_idx")),
        each_in_transaction=False,
    ),
)
claim(
    "MC508",
    seen["ran"] == ['CREATE INDEX CONCURRENTLY "product_name_idx" ON "shop_product" ("name")']
    and seen.get("lock") == "ShareUpdateExclusiveLock"
    and seen.get("blocks_writes") is False
    and index_valid("product_name_idx"),
    "Django AddIndexConcurrently in a migration that is not atomic builds the index with a "
    "SHARE UPDATE EXCLUSIVE lock, letting writes through",
)

# MC501: a NOT NULL column: db_default= stays; with Django's default=, Django fills the rows,
# then drops the default, and the old code's inserts (not naming the column) fail.
ran = django_run(
    migrations.AddField("product", "label", models.CharField(max_length=32, db_default=""))
)
claim(
    "MC501",
    len(ran) == 1 and error_of(insert("shop_product")) is None,
    "Django AddField(db_default=) keeps the default: the old code's inserts work",
    ran,
)
ran = django_run(
    migrations.AddField("product", "code", models.CharField(max_length=32, default=""))
)
claim(
    "MC501",
    [s.sql.split('"code" ')[1] for s in ran] == ["varchar(32) DEFAULT '' NOT NULL", "DROP DEFAULT"]
    and error_of(insert("shop_product")).startswith('null value in column "code"'),
    "Django AddField(default=) of a NOT NULL field fills the rows, then drops the default: "
    "the old code's inserts fail",
    ran,
)

# MC506: an AlterField from null=True to NOT NULL.
django_run(migrations.AddField("product", "weight", models.IntegerField(null=True)))
with connection.cursor() as cursor:
    cursor.execute("UPDATE shop_product SET weight = 1")
ran = django_run(migrations.AlterField("product", "weight", models.IntegerField()))
claim(
    "MC506",
    len(ran) == 1
    and ran[0].sql.endswith('ALTER COLUMN "weight" SET NOT NULL')
    and ran[0].scanned["shop_product"]
    and ran[0].lock["shop_product"] == "AccessExclusiveLock"
    and ran[0].blocks_reads["shop_product"],
    "Django AlterField to a field without null=True runs SET NOT NULL, which scans the table "
    "under an ACCESS EXCLUSIVE lock that blocks reads",
    ran,
)

# MC507: a column type change.
ran = django_run(migrations.AlterField("product", "price", models.BigIntegerField()))
claim(
    "MC507",
    len(ran) == 1
    and " TYPE bigint" in ran[0].sql
    and ran[0].rewrote["shop_product"]
    and ran[0].lock["shop_product"] == "AccessExclusiveLock"
    and ran[0].blocks_reads["shop_product"],
    "Django AlterField from IntegerField to BigIntegerField rewrites the table under an "
    "ACCESS EXCLUSIVE lock that blocks reads",
    ran,
)
ran = django_run(migrations.AlterField("product", "name", models.CharField(max_length=300)))
ran += django_run(migrations.AlterField("product", "name", models.TextField()))
claim(
    "MC507",
    [s.sql.split(" TYPE ")[1].split()[0] for s in ran] == ["varchar(300)", "text"]
    and not any(s.rewrote["shop_product"] for s in ran),
    "Django AlterField to a longer max_length, and from CharField to TextField, keeps the table",
    ran,
)

# Alembic: each operation run by Operations on a connection of its own, in a transaction.
engine = sa.create_engine("postgresql+psycopg2://", creator=lambda: psycopg2.connect(conninfo))
alembic_tables = ["orders", "customers"]


def alembic_run(upgrade, in_transaction=True):
    """Runs an Alembic operation (upgrade(op)) and returns the statements it ran, each
    watched in its transaction."""
    ran = []
    with engine.connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        connection.commit()
        context = MigrationContext.configure(connection)

        @sa.event.listens_for(connection, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):
            if in_transaction:
                ran.append((statement, files(cursor, alembic_tables)))
            else:
                ran.append(statement)

        @sa.event.listens_for(connection, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):
            if in_transaction:
                sql, before = ran.pop()
                after = files(cursor, alembic_tables)
                ran.append(Statement(sql, pid, alembic_tables, before, after))

        if in_transaction:
            upgrade(Operations(context))
            connection.rollback()
        else:
            upgrade(Operations(context), pid)
    return ran


ran = alembic_run(
    lambda op: op.create_unique_constraint("uq_customers_email", "customers", ["email"])
)
claim(
    "MC508",
    len(ran) == 1
    and " UNIQUE (" in ran[0].sql
    and ran[0].lock["customers"] == "AccessExclusiveLock"
    and ran[0].blocks_reads["customers"],
    "Alembic op.create_unique_constraint runs ALTER TABLE ... ADD CONSTRAINT ... UNIQUE, which "
    "holds an ACCESS EXCLUSIVE lock that blocks reads of the table",
    ran,
)
ran = alembic_run(
    lambda op: op.create_foreign_key(
        "orders_customer_fk", "orders", "customers", ["customer_id"], ["id"]
    )
)
claim(
    "MC510",
    len(ran) == 1
    and " FOREIGN KEY" in ran[0].sql
    and ran[0].scanned["orders"]
    and ran[0].lock == {"orders": "ShareRowExclusiveLock", "customers": "ShareRowExclusiveLock"}
    and ran[0].blocks_writes == {"orders": True, "customers": True}
    and not ran[0].blocks_reads["orders"],
    "Alembic op.create_foreign_key scans the table under a SHARE ROW EXCLUSIVE lock on both "
    "tables, which blocks writes to them (reads get through)",
    ran,
)
ran = alembic_run(
    lambda op: op.create_check_constraint("orders_price_positive", "orders", "price >= 0")
)
claim(
    "MC510",
    len(ran) == 1
    and " CHECK " in ran[0].sql
    and ran[0].scanned["orders"]
    and ran[0].lock["orders"] == "AccessExclusiveLock"
    and ran[0].blocks_reads["orders"],
    "Alembic op.create_check_constraint scans the table under an ACCESS EXCLUSIVE lock that "
    "blocks reads",
    ran,
)
for name, upgrade in [
    (
        "op.create_foreign_key(..., postgresql_not_valid=True)",
        lambda op: op.create_foreign_key(
            "orders_customer_fk",
            "orders",
            "customers",
            ["customer_id"],
            ["id"],
            postgresql_not_valid=True,
        ),
    ),
    (
        "op.create_check_constraint(..., postgresql_not_valid=True)",
        lambda op: op.create_check_constraint(
            "orders_price_positive", "orders", "price >= 0", postgresql_not_valid=True
        ),
    ),
]:
    ran = alembic_run(upgrade)
    claim(
        "MC510",
        len(ran) == 1 and ran[0].sql.endswith(" NOT VALID") and not any(ran[0].scanned.values()),
        f"Alembic {name} renders NOT VALID and scans no table",
        ran,
    )


# MC501: op.add_column of a NOT NULL column.
try:
    alembic_run(
        lambda op: op.add_column("orders", sa.Column("channel", sa.String(20), nullable=False))
    )
    error = None
except sa.exc.IntegrityError as e:
    error = e.orig.diag.message_primary
claim(
    "MC501",
    error == 'column "channel" of relation "orders" contains null values',
    "Alembic op.add_column(nullable=False) without server_default= fails on a table with rows",
)
ran = alembic_run(
    lambda op: op.add_column(
        "orders", sa.Column("channel", sa.String(20), nullable=False, server_default="web")
    )
)
claim(
    "MC501",
    len(ran) == 1
    and ran[0].sql.endswith("DEFAULT 'web' NOT NULL")
    and not ran[0].rewrote["orders"],
    "Alembic op.add_column(nullable=False, server_default=) fills the rows without a rewrite",
    ran,
)

# MC506 and MC507: op.alter_column.
app.cursor().execute("UPDATE orders SET status = 'new'")
ran = alembic_run(
    lambda op: op.alter_column("orders", "status", existing_type=sa.String(20), nullable=False)
)
claim(
    "MC506",
    len(ran) == 1
    and ran[0].sql.endswith("ALTER COLUMN status SET NOT NULL")
    and ran[0].scanned["orders"]
    and ran[0].lock["orders"] == "AccessExclusiveLock"
    and ran[0].blocks_reads["orders"],
    "Alembic op.alter_column(nullable=False) runs SET NOT NULL, which scans the table under an "
    "ACCESS EXCLUSIVE lock that blocks reads",
    ran,
)
ran = alembic_run(
    lambda op: op.alter_column("orders", "price", type_=sa.BigInteger(), existing_type=sa.Integer())
)
claim(
    "MC507",
    len(ran) == 1
    and ran[0].sql.endswith("TYPE BIGINT")
    and ran[0].rewrote["orders"]
    and ran[0].lock["orders"] == "AccessExclusiveLock"
    and ran[0].blocks_reads["orders"],
    "Alembic op.alter_column(type_=BigInteger) from Integer rewrites the table under an ACCESS "
    "EXCLUSIVE lock that blocks reads",
    ran,
)
ran = alembic_run(
    lambda op: (
        op.alter_column("orders", "status", type_=sa.String(40), existing_type=sa.String(20)),
        op.alter_column("orders", "status", type_=sa.Text(), existing_type=sa.String(40)),
    )
)
claim(
    "MC507",
    [s.sql.split(" TYPE ")[1] for s in ran] == ["VARCHAR(40)", "TEXT"]
    and not any(s.rewrote["orders"] for s in ran),
    "Alembic op.alter_column to a longer String, and from String to Text, keeps the table",
    ran,
)


def concurrently(op, pid):
    with op.get_context().autocommit_block():
        seen.update(
            while_waiting(
                "orders",
                pid,
                lambda: op.create_index(
                    "ix_orders_status", "orders", ["status"], postgresql_concurrently=True
                ),
            )
        )


seen = {}
ran = alembic_run(concurrently, in_transaction=False)
claim(
    "MC508",
    ran == ['CREATE INDEX CONCURRENTLY ix_orders_status ON orders (status)']
    and seen.get("lock") == "ShareUpdateExclusiveLock"
    and seen.get("blocks_writes") is False
    and index_valid("ix_orders_status"),
    "Alembic op.create_index(..., postgresql_concurrently=True) in autocommit_block() runs "
    "outside a transaction with a SHARE UPDATE EXCLUSIVE lock, letting writes through",
)
sys.exit(1 if failed else 0)
