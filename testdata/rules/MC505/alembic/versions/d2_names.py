from alembic import op

revision = "d2"
down_revision = "d1"

OLD_NAME = "bindings"
NEW_NAME = "port_bindings"
RENAMES = [("segments", "network_segments")]


def upgrade():
    # Named by module constants: the message says the names.
    op.rename_table(OLD_NAME, NEW_NAME)
    op.rename_table("aspects", "map_areas", schema="roombooking")
    for old, new in RENAMES:
        op.rename_table(old, new)


def downgrade():
    raise NotImplementedError
