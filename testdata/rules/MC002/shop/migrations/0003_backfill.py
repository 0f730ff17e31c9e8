# migcheck: ignore-file
from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_indexes")]

    operations = [migrations.RunPython(forwards)]
