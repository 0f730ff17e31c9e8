# Operations kept in module-level lists and joined, and an alias made by assignment.
from django.db import migrations

RunPython = migrations.RunPython


def fill_codes(apps, schema_editor):
    pass


def fill_names(apps, schema_editor):
    pass


SCHEMA = [
    RunPython(fill_codes),
]

DATA = [
    migrations.RunPython(fill_names, migrations.RunPython.noop),
]

KWARGS = {"code": fill_names, "reverse_code": migrations.RunPython.noop}


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_not_django")]

    operations = SCHEMA + DATA + [
        *DATA,
        # May carry its reverse function: not a finding.
        migrations.RunPython(**KWARGS),
        RunPython(fill_names),
    ]
