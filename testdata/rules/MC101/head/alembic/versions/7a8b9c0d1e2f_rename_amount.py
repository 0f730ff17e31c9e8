"""rename amount

Revision ID: 7a8b9c0d1e2f
Revises: 6f7a8b9c0d1e
"""
from alembic import op

revision = "7a8b9c0d1e2f"
down_revision = "6f7a8b9c0d1e"


def _rename(old, new):
    op.alter_column("invoices", old, new_column_name=new, existing_nullable=False)


def upgrade():
    _rename("amount", "total")


def downgrade():
    _rename("total", "amount")
