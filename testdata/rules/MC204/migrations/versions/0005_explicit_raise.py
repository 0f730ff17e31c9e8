from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade():
    op.drop_table("tags")


def downgrade():
    raise NotImplementedError("dropped data cannot come back")
