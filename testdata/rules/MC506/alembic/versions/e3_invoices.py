"""invoices, created with the NOT NULL columns they have"""
from alembic import op
import sqlalchemy as sa

revision = "e3"
down_revision = "e2"


def upgrade():
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id")),
        sa.Column("note", sa.Text()),
        sa.Column("code", sa.String(8)),
        sa.PrimaryKeyConstraint("code"),
    )
    op.add_column("invoices", sa.Column("paid", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_table("invoices")
