from alembic import op

revision = "c1"
down_revision = None


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
