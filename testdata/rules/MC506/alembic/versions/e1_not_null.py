from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = None


def upgrade():
    op.alter_column("orders", "status", nullable=False)
    op.alter_column("orders", "kind", nullable=False, existing_nullable=False, type_=sa.String(10))
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("channel", existing_type=sa.String(20), nullable=False)
    op.execute("ALTER TABLE orders ALTER COLUMN region SET NOT NULL")


def downgrade():
    op.alter_column("orders", "status", nullable=True)
