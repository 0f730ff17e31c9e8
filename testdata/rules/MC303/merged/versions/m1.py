from alembic import op

revision = "m1"
down_revision = None


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
