"""Tables dropped by SQL built in Python"""
from alembic import op

revision = "d3"
down_revision = "d2"

LEGACY = ("legacy_a", "legacy_b")


def upgrade():
    for name in LEGACY:
        # Reported: dropped, whatever its name.
        op.execute(f"DROP TABLE IF EXISTS {name} CASCADE")
    op.execute("DROP TABLE %s.old_events" % SCHEMA)
    # Fine: made and dropped again by the revision itself.
    op.execute(f"CREATE TABLE tmp_{SCHEMA} (id int)")
    op.execute(f"DROP TABLE tmp_{SCHEMA}")
    # Fine: not known to drop anything (the blank may be the whole statement).
    op.execute(f"{statement}")


def downgrade():
    raise NotImplementedError
