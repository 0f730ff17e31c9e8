"""create invoices

Revision ID: 5e6f7a8b9c0d
Revises:
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "5e6f7a8b9c0d"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('invoices', sa.Column('id', sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table('invoices')
