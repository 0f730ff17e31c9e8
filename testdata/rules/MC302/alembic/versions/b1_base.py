from alembic import op

revision = "b1"
down_revision = None
branch_labels = ("core",)


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
