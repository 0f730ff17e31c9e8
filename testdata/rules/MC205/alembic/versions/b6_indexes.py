from alembic import op
import sqlalchemy as sa

revision = "b6"
down_revision = "b5"


def upgrade():
    op.drop_index("ix_rooms_active", table_name="rooms")
    op.alter_column("rooms", "active", new_column_name="hidden")
    op.add_column("users", sa.Column("email", sa.String(), nullable=True))
    op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")])
    op.add_column("users", sa.Column("aliases", sa.String(), nullable=True))
    op.execute("CREATE INDEX ix_users_aliases ON users USING gin (to_tsvector('simple', aliases))")
    op.create_index(None, "users", ["nickname"])
    op.add_column("users", sa.Column("deleted", sa.Boolean(), nullable=True))
    op.create_index(None, "users", ["login"], unique=True, postgresql_where=sa.text("NOT deleted"))


def downgrade():
    # Recreated unnamed: the naming convention gives it its old name.
    op.create_index(None, "rooms", ["active"])
    op.alter_column("rooms", "hidden", new_column_name="active")
    # The indexes go with their columns.
    op.drop_column("users", "aliases")
    op.drop_column("users", "deleted")
    op.drop_column("users", "email")
