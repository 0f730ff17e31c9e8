from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.drop_column("users", "email")


def downgrade():
    raise NotImplementedError("email addresses cannot be restored")
