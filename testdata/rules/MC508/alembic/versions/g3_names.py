from alembic import op

revision = "g3"
down_revision = "g2"


def upgrade():
    index_name = "ix_orders_sku"
    op.create_index(index_name, "orders", ["sku"])
    op.drop_index("ix_file_types_name", "file_types")
    op.create_index("ix_events_settings_name", "settings", ["name"], schema="events")
    # Each statement is pointed at where it is in the string.
    op.execute("""
        SET lock_timeout = '2s';
        CREATE INDEX ix_orders_a ON orders (a);
        CREATE INDEX ix_orders_b ON orders (b);
    """)
    # Escapes move the text about: the findings point at the string.
    op.execute("CREATE INDEX ix_orders_c ON orders (c);\nCREATE INDEX ix_orders_d ON orders (d)")


def downgrade():
    raise NotImplementedError
