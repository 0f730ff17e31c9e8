from search.migrations import Migration


def upgrade(index):
    index.rebuild(tokens=True)


MIGRATION = Migration(1, upgrade)
