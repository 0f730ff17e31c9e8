"""to citext: the same bytes, so the table stays, but the column's indexes are rebuilt"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "f2"
down_revision = "f1"


def upgrade():
    op.alter_column("customers", "email", type_=postgresql.CITEXT(), existing_type=sa.String(254))


def downgrade():
    op.alter_column("customers", "email", type_=sa.String(254), existing_type=postgresql.CITEXT())
