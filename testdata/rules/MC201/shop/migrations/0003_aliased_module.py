import django.db.migrations
from django.db import migrations as m


def forwards(apps, schema_editor):
    pass


class Migration(m.Migration):
    dependencies = [("shop", "0002_imported_names")]

    operations = [
        m.RunPython(forwards),
        django.db.migrations.RunPython(forwards),
        m.SeparateDatabaseAndState(
            database_operations=[m.RunPython(forwards)],
            state_operations=[],
        ),
    ]
    operations += [m.RunPython(forwards)]
