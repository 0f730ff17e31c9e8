"""SQL that relaxes a column in a way the replay does not read"""
from alembic import op
import sqlalchemy as sa

revision = "e6"
down_revision = "e5"


def upgrade():
    # After the helper in e5: not known to be NOT NULL any more, reported.
    op.alter_column("invoices", "number", nullable=False)
    op.create_table("refunds", sa.Column("amount", sa.Integer(), nullable=False))
    op.execute("ALTER TABLE refunds ALTER COLUMN amount DROP NOT NULL")


def downgrade():
    op.drop_table("refunds")
