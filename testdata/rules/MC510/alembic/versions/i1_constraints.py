from alembic import op
import sqlalchemy as sa

revision = "i1"
down_revision = None


def upgrade():
    op.execute(
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk "
        "FOREIGN KEY (customer_id) REFERENCES customers (id)"
    )
    op.execute("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0)")
    # Fine: NOT VALID, then validated; a unique constraint is another matter.
    op.execute("ALTER TABLE orders ADD CONSTRAINT orders_kind_check CHECK (kind <> '') NOT VALID")
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_kind_check")


def downgrade():
    op.execute("ALTER TABLE orders DROP CONSTRAINT orders_customer_fk")
