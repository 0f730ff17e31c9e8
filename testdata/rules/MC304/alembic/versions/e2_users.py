from alembic import op

revision = "e2"
down_revision = "e1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
