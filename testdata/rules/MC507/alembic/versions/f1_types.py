from alembic import op
import sqlalchemy as sa

revision = "f1"
down_revision = None


def upgrade():
    op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.execute("ALTER TABLE orders ALTER COLUMN region TYPE varchar(2)")
    # Fine: a longer String, and String to Text.
    op.alter_column("orders", "code", type_=sa.String(64), existing_type=sa.String(32))
    op.alter_column("orders", "note", type_=sa.Text(), existing_type=sa.String(200))
    op.alter_column("orders", "memo", type_=sa.String(), existing_type=sa.TEXT())


def downgrade():
    op.alter_column("orders", "total", type_=sa.Integer(), existing_type=sa.BigInteger())
