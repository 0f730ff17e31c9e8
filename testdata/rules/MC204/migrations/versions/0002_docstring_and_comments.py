from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.execute("ALTER TABLE tags ADD COLUMN label text")


def downgrade() -> None:
    """Nothing to do."""
    # TODO: write me
    ...
