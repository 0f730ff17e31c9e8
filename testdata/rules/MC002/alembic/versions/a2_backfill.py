from alembic import op

revision = "a2"
down_revision = "a1"


def upgrade():
    op.execute("ALTER TABLE orders ADD COLUMN status text")
    # migcheck: ignore[MC511] the table holds a few rows
    op.execute(
        """
        UPDATE orders SET status = 'new'
        """
    )


def downgrade():
    # migcheck: ignore[MC204] the column stays: old code ignores it
    pass
