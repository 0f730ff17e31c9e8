"""ids become bigint: a new column is filled and takes the old one's name"""
from alembic import op
import sqlalchemy as sa

revision = "d2"
down_revision = "d1"


def upgrade():
    op.add_column("invoices", sa.Column("id_big", sa.BigInteger(), nullable=True))
    op.execute("UPDATE invoices SET id_big = id WHERE id_big IS NULL")
    op.drop_column("invoices", "id")
    # Fine: code still deployed never knew `id_big`.
    op.alter_column("invoices", "id_big", new_column_name="id")


def downgrade():
    raise NotImplementedError
