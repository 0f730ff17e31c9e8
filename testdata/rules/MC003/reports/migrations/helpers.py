# Fine: this folder is an Alembic environment; a plain class named Migration is its own.
class Migration(object):
    def run(self):
        pass
