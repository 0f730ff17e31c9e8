"""the downgrade rebuilds the table with the column back, in SQL on the connection"""
from alembic import op
import sqlalchemy as sa

revision = "b13"
down_revision = "b12"


def upgrade():
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("nickname")


def downgrade():
    conn = op.get_bind()
    op.rename_table("members", "_members_old")
    conn.execute(sa.text("CREATE TABLE members (id INTEGER PRIMARY KEY, nickname VARCHAR(32))"))
    conn.execute(sa.text("INSERT INTO members (id) SELECT id FROM _members_old"))
    op.drop_table("_members_old")
