from alembic import op

revision = "j2"
down_revision = "j1"


def upgrade():
    for table in ("audit_a", "audit_b"):
        # Reported: whichever table it is, every row goes.
        op.execute(f"DELETE FROM {table}")
        # Fine: a WHERE, whatever the value.
        op.execute(f"DELETE FROM {table} WHERE created < {cutoff}")
        # Fine: the blank after the table may be a whole WHERE clause.
        op.execute(f"DELETE FROM {table} {condition}")
        op.execute("UPDATE {} SET archived = true WHERE id = {}".format(table, 1))
    # Reported: `%` and `+` build SQL as well.
    op.execute("UPDATE %s SET archived = false" % TABLE)
    op.execute("UPDATE " + TABLE + " SET flagged = false")
    # Fine: the blank may hold the rest of the statement.
    op.execute(f"UPDATE orders SET total = 0, {more}")


def downgrade():
    pass
