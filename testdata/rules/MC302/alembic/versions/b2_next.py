from alembic import op

revision = "b2"
down_revision = "b1x"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
