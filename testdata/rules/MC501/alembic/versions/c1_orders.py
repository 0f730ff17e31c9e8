from alembic import op
import sqlalchemy as sa

revision = "c1"
down_revision = None


def upgrade():
    op.add_column("orders", sa.Column("status", sa.String(20), nullable=False))
    op.add_column("orders", sa.Column("source", sa.String(20), nullable=False, default="web"))
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(20), nullable=False))
    op.add_column("orders", sa.Column("note", sa.Text()))
    op.add_column("orders", sa.Column("kind", sa.String(5), nullable=False, server_default="a"))
    op.execute("ALTER TABLE orders ADD COLUMN region text NOT NULL")
    op.execute("ALTER TABLE orders ADD COLUMN zone text NOT NULL DEFAULT 'eu'")
    # Fine: computed and identity columns are filled by the database.
    op.add_column("orders", sa.Column("total", sa.Integer(), sa.Computed("price * 2"), nullable=False))
    op.add_column("orders", sa.Column("seq", sa.BigInteger(), sa.Identity(), nullable=False))


def downgrade():
    op.drop_column("orders", "status")
