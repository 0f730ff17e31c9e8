"""index tickets by state"""
from alembic import op

revision = "m2"
down_revision = "m1"


def upgrade():
    # Not reported: the revisions say MySQL (mysql_engine=), where there is no CONCURRENTLY.
    op.create_index("ix_tickets_state", "tickets", ["state"])


def downgrade():
    op.drop_index("ix_tickets_state", table_name="tickets")
