from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade():
    op.drop_constraint("invoices_customer_id_fkey", "invoices", type_="foreignkey")
    op.create_foreign_key("fk_invoices_customer", "invoices", "customers", ["customer_id"], ["id"])


def downgrade():
    pass
