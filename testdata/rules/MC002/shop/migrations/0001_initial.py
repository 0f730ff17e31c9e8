from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        # migcheck: ignore[MC201] nothing to undo: the rows are recomputed on read
        migrations.RunPython(forwards),
        migrations.RunPython(forwards),  # migcheck: ignore[runpython-without-reverse]
        migrations.RunPython(forwards, migrations.RunPython.noop),  # migcheck: ignore[MC201]
        migrations.RunSQL("SELECT 1", migrations.RunSQL.noop),  # migcheck: ignore[MC9999]
        migrations.RunSQL("SELECT 2", migrations.RunSQL.noop),  # migcheck: ignore
    ]
