from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = None


def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("customers", sa.Column("tier", sa.String(10), nullable=True))
    op.create_index(op.f("ix_customers_tier"), "customers", ["tier"])
    op.drop_column("customers", "legacy")


def downgrade():
    op.drop_index(op.f("ix_customers_tier"), table_name="customers")
