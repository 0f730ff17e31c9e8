# migcheck: ignore-file[MC204]
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("orders")


def downgrade():
    pass
