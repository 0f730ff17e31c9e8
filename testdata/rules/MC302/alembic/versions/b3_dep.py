from alembic import op

revision = "b3"
down_revision = "b1"
depends_on = ("core", "b1", "zz99")


def upgrade():
    op.create_table("t")


def downgrade():
    op.drop_table("t")
