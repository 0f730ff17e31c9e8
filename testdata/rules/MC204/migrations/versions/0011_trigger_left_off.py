from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade():
    op.execute("ALTER TABLE invoices DISABLE TRIGGER invoices_audit")


def downgrade():
    pass
