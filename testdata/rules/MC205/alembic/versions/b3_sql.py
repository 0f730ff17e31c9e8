from alembic import op
import sqlalchemy as sa

revision = "b3"
down_revision = "b2"


def upgrade():
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.execute("DROP TABLE audit")
