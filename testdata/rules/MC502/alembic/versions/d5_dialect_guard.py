"""drop the pager column: SQLite rebuilds the table and returns, other databases drop it"""
from alembic import op
import sqlalchemy as sa

revision = "d5"
down_revision = "d4"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.create_table(
            "vendors_new",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("name", sa.String(80), nullable=False),
        )
        op.execute("INSERT INTO vendors_new (id, name) SELECT id, name FROM vendors")
        op.drop_table("vendors")
        op.rename_table("vendors_new", "vendors")
        return
    # Reported: what follows the guard runs on PostgreSQL, without the rebuild above.
    op.drop_column("vendors", "pager")


def downgrade():
    op.add_column("vendors", sa.Column("pager", sa.String(40), nullable=True))
