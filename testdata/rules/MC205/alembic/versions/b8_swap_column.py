"""amount becomes numeric: a new column takes its place"""
from alembic import op
import sqlalchemy as sa

revision = "b8"
down_revision = "b7"


def upgrade():
    op.add_column("payments", sa.Column("amount_numeric", sa.Numeric(12, 2), nullable=True))
    op.execute("UPDATE payments SET amount_numeric = amount / 100.0 WHERE amount IS NOT NULL")
    op.drop_column("payments", "amount")
    op.alter_column("payments", "amount_numeric", new_column_name="amount")
    op.add_column("payments", sa.Column("payer_tmp", sa.Integer(), nullable=True))
    op.alter_column("payments", "payer_tmp", new_column_name="payer_id")


def downgrade():
    op.add_column("payments", sa.Column("amount_cents", sa.Integer(), nullable=True))
    op.execute("UPDATE payments SET amount_cents = amount * 100 WHERE amount IS NOT NULL")
    op.drop_column("payments", "amount")
    op.alter_column("payments", "amount_cents", new_column_name="amount")
    op.drop_column("payments", "payer_id")
