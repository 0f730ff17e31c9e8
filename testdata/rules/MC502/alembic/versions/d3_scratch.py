"""move schedules into their own column, through a scratch copy"""
from alembic import op
import sqlalchemy as sa

revision = "d3"
down_revision = "d2"


def upgrade():
    op.add_column("reports", sa.Column("schedule_copy", sa.Text(), nullable=True))
    op.execute("UPDATE reports SET schedule_copy = schedule WHERE schedule IS NOT NULL")
    # Reported: deployed code reads `schedule`.
    op.drop_column("reports", "schedule")
    op.alter_column("reports", "schedule_copy", new_column_name="schedule")
    # Fine: a column this revision made, for its own use.
    op.add_column("reports", sa.Column("owner_tmp", sa.Integer(), nullable=True))
    op.execute("UPDATE reports SET owner_tmp = owner_id WHERE owner_id IS NOT NULL")
    op.drop_column("reports", "owner_tmp")


def downgrade():
    raise NotImplementedError
