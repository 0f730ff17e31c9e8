from alembic import op

revision = "p2"
down_revision = "p1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
