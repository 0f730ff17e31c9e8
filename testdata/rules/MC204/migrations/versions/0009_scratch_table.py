"""merge duplicate tags through a temporary table"""
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade():
    op.execute("PRAGMA foreign_keys=OFF")
    op.execute("""
        CREATE TEMPORARY TABLE tag_merge AS
            SELECT id, min(id) OVER (PARTITION BY lower(name)) AS keep_id FROM tags;
        CREATE INDEX ix_tag_merge_id ON tag_merge (id);
        UPDATE article_tags SET tag_id = m.keep_id FROM tag_merge m WHERE m.id = article_tags.tag_id;
        DROP TABLE tag_merge;
    """)
    op.execute("PRAGMA foreign_keys=ON")


def downgrade():
    pass
