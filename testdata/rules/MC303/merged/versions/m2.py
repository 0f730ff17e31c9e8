from alembic import op

revision = "m2"
down_revision = "m1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
