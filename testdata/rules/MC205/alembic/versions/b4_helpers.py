from alembic import op
import sqlalchemy as sa

revision = "b4"
down_revision = "b3"


def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    drop_events()


def drop_events():
    op.drop_table("events")
