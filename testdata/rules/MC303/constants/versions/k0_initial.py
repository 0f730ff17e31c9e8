"""Initial revision, before the split into expand and contract."""
from project.db.migration import cli

revision = "k0_initial"
down_revision = None
branch_labels = None


def upgrade():
    pass


def downgrade():
    pass
