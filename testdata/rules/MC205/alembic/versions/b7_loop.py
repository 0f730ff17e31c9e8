from alembic import op
import sqlalchemy as sa

revision = "b7"
down_revision = "b6"

TABLES = ["invoices", "receipts"]


def upgrade():
    for table_name in TABLES:
        op.add_column(table_name, sa.Column("currency", sa.String(3), nullable=True))
        op.add_column(table_name, sa.Column("rate", sa.Numeric(), nullable=True))


def downgrade():
    for table_name in TABLES:
        op.drop_column(table_name, "rate")
