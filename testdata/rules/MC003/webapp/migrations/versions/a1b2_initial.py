from alembic import op

revision = "a1b2"
down_revision = None


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
