"""Start of the contract branch: removals."""
from project.db.migration import cli

revision = "k1_contract"
down_revision = "k0_initial"
branch_labels = (cli.CONTRACT_BRANCH,)


def upgrade():
    pass


def downgrade():
    pass
