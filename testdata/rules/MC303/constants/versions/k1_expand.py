"""Start of the expand branch: additive changes."""
from project.db.migration import cli

revision = "k1_expand"
down_revision = "k0_initial"
branch_labels = (cli.EXPAND_BRANCH,)


def upgrade():
    pass


def downgrade():
    pass
