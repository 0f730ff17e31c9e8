"""NOT NULL once more on columns earlier revisions made NOT NULL"""
from alembic import op
import sqlalchemy as sa

revision = "e4"
down_revision = "e3"


def upgrade():
    # Fine: created `nullable=False`, made the primary key, added NOT NULL.
    op.alter_column("invoices", "number", nullable=False)
    op.alter_column("invoices", "code", nullable=False)
    op.alter_column("invoices", "paid", nullable=False)
    op.execute("ALTER TABLE invoices ALTER COLUMN id SET NOT NULL")
    # Fine: revision e1 made it NOT NULL.
    op.alter_column("orders", "status", nullable=False)
    # Created nullable: reported.
    op.alter_column("invoices", "note", nullable=False)
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.alter_column("customer_id", nullable=False)


def downgrade():
    pass
