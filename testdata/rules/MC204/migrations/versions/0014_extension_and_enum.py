"""additions that cannot be taken back, and are safe to run again"""
from alembic import op

revision = "0014"
down_revision = "0013"


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS citext")
    op.execute("ALTER TYPE invoice_status ADD VALUE IF NOT EXISTS 'void'")


def downgrade():
    # enum values cannot be removed
    pass
