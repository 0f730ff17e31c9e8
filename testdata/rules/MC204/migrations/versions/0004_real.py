from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade():
    op.create_index("ix_tags_id", "tags", ["id"])


def downgrade():
    op.drop_index("ix_tags_id", "tags")
