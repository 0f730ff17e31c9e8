"""drop the fax column: SQLite rebuilds the table, other databases drop the column"""
from alembic import op
import sqlalchemy as sa

revision = "d4"
down_revision = "d3"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's rebuild: a new table, the rows copied over, the old table dropped.
        op.create_table(
            "vendors_new",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("name", sa.String(80), nullable=False),
        )
        op.execute("INSERT INTO vendors_new (id, name) SELECT id, name FROM vendors")
        op.drop_table("vendors")
        op.rename_table("vendors_new", "vendors")
    else:
        # Reported: on PostgreSQL this runs, and the table dropped above is SQLite's alone.
        op.drop_column("vendors", "fax")


def downgrade():
    op.add_column("vendors", sa.Column("fax", sa.String(40), nullable=True))
