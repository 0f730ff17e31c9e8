from alembic import op

revision = "c3"
down_revision = "c1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
