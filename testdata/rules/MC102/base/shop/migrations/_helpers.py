def noop(apps, schema_editor):
    pass
