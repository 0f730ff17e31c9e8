from alembic import context


def run_migrations_online():
    context.run_migrations()
