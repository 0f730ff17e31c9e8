from django.db import migrations

from shop.operations import RunPython


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_aliased_module")]

    # A project's own operation that happens to share the name is not Django's RunPython.
    operations = [
        RunPython(forwards),
    ]
