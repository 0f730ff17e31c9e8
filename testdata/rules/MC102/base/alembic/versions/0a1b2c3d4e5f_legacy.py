# Written for Python 2: this version does not parse any more.
from alembic import op

revision = "0a1b2c3d4e5f"
down_revision = None


def upgrade():
    print "creating the ledger"
    op.create_table("ledger")


def downgrade():
    op.drop_table("ledger")
