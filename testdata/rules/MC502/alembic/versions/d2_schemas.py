from alembic import op

revision = "d2"
down_revision = "d1"

SCHEMA = "roombooking"


def upgrade():
    op.drop_column("aspects", "location_id", schema=SCHEMA)
    op.execute("ALTER TABLE events.breaks DROP COLUMN legacy")


def downgrade():
    raise NotImplementedError
