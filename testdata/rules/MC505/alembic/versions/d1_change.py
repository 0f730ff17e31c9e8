from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.rename_table("orders", "purchases")
    op.execute("ALTER TABLE customers RENAME TO clients")
    # Fine: a serial sequence, renamed with its table.
    op.execute("ALTER TABLE customers_id_seq RENAME TO clients_id_seq")


def downgrade():
    raise NotImplementedError
