# Not a revision: no revision / down_revision.
def upgrade():
    pass
