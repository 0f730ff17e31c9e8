from alembic import op
import sqlalchemy as sa

revision = "c2"
down_revision = "c1"


def upgrade():
    # Fine: an integer primary key autoincrements (SERIAL), which fills the existing rows.
    op.add_column("order_lines", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("order_notes", sa.Column("id", sa.BigInteger, primary_key=True))
    # Reported: nothing fills these.
    op.add_column("order_tags", sa.Column("code", sa.String(8), primary_key=True))
    op.add_column(
        "order_marks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    )


def downgrade():
    op.drop_column("order_marks", "id")
    op.drop_column("order_tags", "code")
    op.drop_column("order_notes", "id")
    op.drop_column("order_lines", "id")
