from alembic import op

revision = "0002b"
down_revision = "0001"


def upgrade():
    op.create_index("ix_tags_name", "tags", ["name"])


def downgrade():
    op.drop_index("ix_tags_name", "tags")
