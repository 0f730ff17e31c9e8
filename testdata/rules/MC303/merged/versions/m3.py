from alembic import op

revision = "m3"
down_revision = "m1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
