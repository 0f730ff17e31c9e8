def upgrade(index):
    index.rebuild(weights=True)
