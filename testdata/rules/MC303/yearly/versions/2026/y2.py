from alembic import op

revision = "y2"
down_revision = "y1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
