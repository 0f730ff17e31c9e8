"""purge stale sessions: settings for this session only"""
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade():
    op.execute("SET statement_timeout = '5min'")
    op.execute("SET LOCAL lock_timeout = '10s'")
    op.execute("DELETE FROM user_sessions WHERE expires < now()")
    op.execute("RESET statement_timeout")


def downgrade():
    pass
