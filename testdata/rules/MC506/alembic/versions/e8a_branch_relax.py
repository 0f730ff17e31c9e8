from alembic import op
import sqlalchemy as sa

revision = "e8a"
down_revision = "e7"


def upgrade():
    op.alter_column("invoices", "number", nullable=True)


def downgrade():
    op.alter_column("invoices", "number", nullable=False)
