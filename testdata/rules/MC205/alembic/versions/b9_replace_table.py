"""the ledger is replaced by one keyed on the account"""
from alembic import op
import sqlalchemy as sa

revision = "b9"
down_revision = "b8"


def upgrade():
    op.drop_table("ledger")
    op.create_table("ledger", sa.Column("id", sa.Integer, primary_key=True), sa.Column("account_id", sa.Integer))
    op.create_index("ix_ledger_account_id", "ledger", ["account_id"])


def downgrade():
    # Dropping the table drops the index the upgrade built on it.
    op.drop_table("ledger")
    op.create_table("ledger", sa.Column("id", sa.Integer, primary_key=True), sa.Column("owner_id", sa.Integer))
    op.create_index("ix_ledger_owner_id", "ledger", ["owner_id"])
