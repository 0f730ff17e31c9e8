"""rewrite customer ids: the foreign key is dropped meanwhile, and created again"""
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade():
    op.drop_constraint("invoices_customer_id_fkey", "invoices", type_="foreignkey")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_constraint("customers_pkey", type_="primary")
    op.execute("UPDATE customers SET id = id + 1000 WHERE id < 1000")
    op.execute("UPDATE invoices SET customer_id = customer_id + 1000 WHERE customer_id < 1000")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.create_primary_key("customers_pkey", ["id"])
    op.create_foreign_key(
        "invoices_customer_id_fkey", "invoices", "customers", ["customer_id"], ["id"]
    )


def downgrade():
    pass
