from alembic import op
import sqlalchemy as sa

revision = "f3"
down_revision = "f2"


def upgrade():
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("carrier", sa.String(20)),
        sa.Column("tracking", sa.String(40)),
        sa.Column("label", sa.VARCHAR(30)),
        sa.Column("weight", sa.Integer()),
    )
    op.add_column("shipments", sa.Column("price", sa.Numeric(10, 2)))


def downgrade():
    op.drop_table("shipments")
