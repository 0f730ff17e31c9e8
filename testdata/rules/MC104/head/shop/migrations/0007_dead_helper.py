from django.db import migrations


def label(a, b):
    # Left over from an earlier version: nothing calls it.
    return f"{a}/{b}"


def backfill(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_sku_labels")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
