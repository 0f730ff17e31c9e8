from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    op.create_table("reports", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("reports")
