"""archive old orders

Revision ID: 3c4d5e6f7a8b
Revises: 2b3c4d5e6f7a
"""
from alembic import op

revision = "3c4d5e6f7a8b"
down_revision = "2b3c4d5e6f7a"


def upgrade():
    op.execute("UPDATE orders SET status = 'archived' WHERE total_cents = 0")
