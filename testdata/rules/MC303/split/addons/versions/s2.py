from alembic import op

revision = "s2"
down_revision = "s1"


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
