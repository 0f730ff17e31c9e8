"""drop the fax and telex columns: SQLite rebuilds the table, other databases drop them"""
from alembic import op
import sqlalchemy as sa

revision = "b15"
down_revision = "b14"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.create_table(
            "carriers_new",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("name", sa.String(80), nullable=False),
        )
        op.execute("INSERT INTO carriers_new (id, name) SELECT id, name FROM carriers")
        op.drop_table("carriers")
        op.rename_table("carriers_new", "carriers")
    else:
        op.drop_column("carriers", "fax")
        op.drop_column("carriers", "telex")


def downgrade():
    # Not reported: the SQLite branch's new table replaces the one it drops, and each
    # branch is compared with the same branch of the upgrade.
    if op.get_bind().dialect.name == "sqlite":
        op.create_table(
            "carriers_new",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("name", sa.String(80), nullable=False),
            sa.Column("fax", sa.String(40), nullable=True),
            sa.Column("telex", sa.String(40), nullable=True),
        )
        op.execute("INSERT INTO carriers_new (id, name) SELECT id, name FROM carriers")
        op.drop_table("carriers")
        op.rename_table("carriers_new", "carriers")
    else:
        op.add_column("carriers", sa.Column("fax", sa.String(40), nullable=True))
    # Reported: on PostgreSQL `telex` is not added back (the SQLite branch does not run
    # there).
