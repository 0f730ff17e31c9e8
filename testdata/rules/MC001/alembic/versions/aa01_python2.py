from alembic import op

revision = "aa01"
down_revision = None


def upgrade():
    print "adding table"
    op.create_table("t")
