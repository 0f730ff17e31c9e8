"""audit trigger"""
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade():
    op.execute(
        "CREATE TRIGGER orders_audit AFTER UPDATE ON orders "
        "FOR EACH ROW EXECUTE FUNCTION audit()"
    )


def downgrade():
    pass
