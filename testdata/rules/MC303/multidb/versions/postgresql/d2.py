from alembic import op

revision = "d2"
down_revision = "d1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
