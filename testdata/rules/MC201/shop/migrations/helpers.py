from django.db import migrations


def reusable():
    # Not a migration: no Migration class, so not checked.
    return migrations.RunPython(print)
