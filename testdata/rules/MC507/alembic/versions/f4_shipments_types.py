"""type changes with no `existing_type`: the old type is the one earlier revisions gave"""
from alembic import op
import sqlalchemy as sa

revision = "f4"
down_revision = "f3"


def upgrade():
    # Fine: a longer String, VARCHAR to Text, more digits with the same scale.
    op.alter_column("shipments", "carrier", type_=sa.String(40))
    op.alter_column("shipments", "label", type_=sa.Text())
    op.alter_column("shipments", "price", type_=sa.Numeric(14, 2))
    # Fine: `carrier` is a String(40) by now.
    op.execute("ALTER TABLE shipments ALTER COLUMN carrier TYPE varchar(80)")
    # Reported, saying from what.
    op.alter_column("shipments", "tracking", type_=sa.String(10))
    op.alter_column("shipments", "weight", type_=sa.BigInteger())
    # A column no revision made: its old type is not known, reported as ever.
    op.alter_column("shipments", "zone", type_=sa.String(5))


def downgrade():
    pass
