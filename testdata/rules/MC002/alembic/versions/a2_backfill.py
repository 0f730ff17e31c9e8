from alembic import op

revision = "a2"
down_revision = "a1"


def upgrade():
    # migcheck: ignore[MC511] the table holds a few rows
    op.execute(
        """
        UPDATE orders SET status = 'new'
        """
    )


def downgrade():
    # migcheck: ignore[MC204] nothing to undo: the old statuses are gone
    pass
