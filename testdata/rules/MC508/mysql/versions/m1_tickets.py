"""tickets, on MySQL: this script directory's revisions pass mysql_engine="""
from alembic import op
import sqlalchemy as sa

revision = "m1"
down_revision = None


def upgrade():
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("state", sa.String(20), nullable=False),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
    )


def downgrade():
    op.drop_table("tickets")
