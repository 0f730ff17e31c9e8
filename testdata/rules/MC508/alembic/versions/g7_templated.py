"""indexes built by SQL written as a template"""
from alembic import op

revision = "g7"
down_revision = "g6"


def upgrade():
    for table in ("orders", "invoices"):
        # Reported: built without CONCURRENTLY, on whichever table.
        op.execute(f"CREATE INDEX ix_{table}_created ON {table} (created)")
        op.execute("CREATE INDEX {name} ON {table} ({column})".format(
            name=f"ix_{table}_paid", table=table, column="paid"
        ))
    # Fine: the blank may be CONCURRENTLY (or anything else).
    op.execute(f"CREATE INDEX {how} ix_orders_total ON orders (total)")


def downgrade():
    op.drop_index("ix_orders_created", table_name="orders")
