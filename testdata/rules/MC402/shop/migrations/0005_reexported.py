from django.db import migrations

from shop import migration_helpers


def fill_colors(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_order")]

    operations = [
        migrations.RunPython(fill_colors, migrations.RunPython.noop),
        migrations.RunPython(migration_helpers.fill_sizes, migrations.RunPython.noop),
    ]
