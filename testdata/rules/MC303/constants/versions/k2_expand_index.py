"""An additive change on the expand branch."""
from project.db.migration import cli

revision = "k2_expand_index"
down_revision = "k1_expand"
branch_labels = None


def upgrade():
    pass


def downgrade():
    pass
