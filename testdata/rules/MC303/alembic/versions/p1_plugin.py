from alembic import op

revision = "p1"
down_revision = None
branch_labels = ("plugin",)


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
