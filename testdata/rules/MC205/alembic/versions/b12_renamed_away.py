from alembic import op
import sqlalchemy as sa

revision = "b12"
down_revision = "b11"


def upgrade():
    op.add_column("payments", sa.Column("note_tmp", sa.Text(), nullable=True))
    op.alter_column("payments", "note_tmp", new_column_name="note")


def downgrade():
    # The column is called `note` by now.
    op.drop_column("payments", "note_tmp")
