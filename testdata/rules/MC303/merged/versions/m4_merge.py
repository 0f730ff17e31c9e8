from alembic import op

revision = "m4"
down_revision = ("m2", "m3")


def upgrade():
    pass


def downgrade():
    op.drop_table("t")
