from django.db.migrations import Migration as BaseMigration
from django.db.migrations import RunPython
from django.db.migrations import RunPython as RP
from django.db.migrations.operations import RunPython as SpecialRunPython


def forwards(apps, schema_editor):
    pass


class Migration(BaseMigration):
    dependencies = [("shop", "0001_missing")]

    operations = [
        RunPython(forwards),
        RP(forwards),
        SpecialRunPython(forwards),
        RunPython(forwards, RunPython.noop),
        RP(forwards, RP.noop),
    ]
