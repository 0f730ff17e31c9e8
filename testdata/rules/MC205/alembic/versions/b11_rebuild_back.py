"""the mirror: the downgrade rebuilds the table with the column back"""
from alembic import op
import sqlalchemy as sa

revision = "b11"
down_revision = "b10"


def upgrade():
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("token")


def downgrade():
    op.rename_table("members", "_members_old")
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token", sa.String(32)),
    )
    op.execute("INSERT INTO members (id) SELECT id FROM _members_old")
    op.drop_table("_members_old")
