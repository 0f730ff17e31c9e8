from alembic import op
import sqlalchemy as sa

revision = "h2"
down_revision = "h1"


def upgrade():
    # Leaving Alembic's transaction by hand: what follows depends on the driver.
    op.execute("COMMIT")
    op.create_index("ix_orders_placed", "orders", ["placed_at"], postgresql_concurrently=True)


def downgrade():
    op.drop_index("ix_orders_placed", table_name="orders")
