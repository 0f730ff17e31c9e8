"""SQLite cannot add a NOT NULL column in place: the table is rebuilt"""
from alembic import op
import sqlalchemy as sa

revision = "b10"
down_revision = "b9"


def upgrade():
    op.rename_table("members", "_members_old")
    op.add_column("_members_old", sa.Column("token", sa.String(32)))
    op.execute("UPDATE _members_old SET token = hex(randomblob(16))")
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token", sa.String(32), nullable=False),
    )
    op.execute("INSERT INTO members (id, token) SELECT id, token FROM _members_old")
    op.drop_table("_members_old")


def downgrade():
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("token")
