"""create payments

Revision ID: 7a8b9c0d1e2f
Revises: 5e6f7a8b9c0d
"""
from alembic import op
import sqlalchemy as sa

revision = "7a8b9c0d1e2f"
down_revision = "5e6f7a8b9c0d"


def upgrade():
    op.create_table("payments", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("payments")
