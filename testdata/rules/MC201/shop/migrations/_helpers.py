from django.db import migrations


def reusable():
    # Not a migration (no Migration class); the leading underscore keeps Django's loader away.
    return migrations.RunPython(print)
