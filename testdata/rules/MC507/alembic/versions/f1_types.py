from alembic import op
import sqlalchemy as sa

revision = "f1"
down_revision = None


def upgrade():
    op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.execute("ALTER TABLE orders ALTER COLUMN region TYPE varchar(2)")
    # No `existing_type`, and the downgrade does not say: the old type is unknown.
    op.alter_column("orders", "flags", type_=sa.SmallInteger())
    # No `existing_type`, but the downgrade states the old type.
    op.alter_column("orders", "weight", type_=sa.Numeric(10, 3))
    # Fine: a longer String, and String to Text.
    op.alter_column("orders", "code", type_=sa.String(64), existing_type=sa.String(32))
    op.alter_column("orders", "note", type_=sa.Text(), existing_type=sa.String(200))
    op.alter_column("orders", "memo", type_=sa.String(), existing_type=sa.TEXT())
    # Fine: more digits with the same scale.
    op.alter_column("orders", "price", type_=sa.Numeric(12, 2), existing_type=sa.Numeric(10, 2))
    op.alter_column("orders", "tax", type_=sa.Numeric(precision=14, scale=2))
    op.execute("ALTER TABLE orders ALTER COLUMN discount TYPE numeric(11,2)")
    op.execute("ALTER TABLE orders ALTER COLUMN label TYPE varchar(80)")


def downgrade():
    op.alter_column("orders", "total", type_=sa.Integer(), existing_type=sa.BigInteger())
    op.alter_column("orders", "weight", type_=sa.Numeric(10, 2))
    op.alter_column("orders", "tax", type_=sa.Numeric(precision=12, scale=2))
    op.execute("ALTER TABLE orders ALTER COLUMN discount TYPE numeric(8,2)")
    op.execute("ALTER TABLE orders ALTER COLUMN label TYPE varchar(40)")
