from alembic import context, op

revision = "0005"
down_revision = "0004"


def upgrade():
    op.create_index("ix_users_email", "users", ["email"])


if context.get_context().dialect.name == "postgresql":

    def downgrade():
        op.drop_index("ix_users_email", table_name="users")

else:

    def downgrade():
        op.drop_index("ix_users_email")
