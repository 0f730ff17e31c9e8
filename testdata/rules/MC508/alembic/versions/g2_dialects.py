from alembic import op
import sqlalchemy as sa

revision = "g2"
down_revision = "g1"


def is_postgres():
    return op.get_context().dialect.name == "postgresql"


def upgrade():
    bind = op.get_bind()
    # Fine: these branches do not run on PostgreSQL.
    if op.get_context().dialect.name == "mysql":
        op.create_index("ix_orders_mysql", "orders", ["region"])
    if bind.dialect.name in ("mysql", "sqlite"):
        op.drop_index("ix_orders_region", table_name="orders")
    url = str(bind.engine.url)
    if url.startswith("sqlite") is False:
        op.create_index("ix_orders_region", "orders", ["region"])
    else:
        op.create_index("ix_orders_sqlite", "orders", ["region"])
    dialect = bind.dialect.name
    if dialect == "postgresql":
        op.create_index("ix_orders_total", "orders", ["total"])
    elif dialect == "mysql":
        op.create_index("ix_orders_total_mysql", "orders", ["total"])
    if not is_postgres():
        op.create_index("ix_orders_note", "orders", ["note"])
    is_sqlite = bind.engine.name == "sqlite"
    if not is_sqlite:
        op.create_index("ix_orders_source", "orders", ["source"])


def downgrade():
    op.drop_index("ix_orders_total", table_name="orders")
    op.drop_index("ix_orders_region", table_name="orders")
