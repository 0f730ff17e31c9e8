from django.db import migrations


def forwards(apps, schema_editor):
    pass


def backwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        # No reverse at all.
        migrations.RunPython(forwards),
        # Keyword forward, no reverse.
        migrations.RunPython(code=forwards),
        # An explicit None is no reverse.
        migrations.RunPython(forwards, None),
        migrations.RunPython(forwards, reverse_code=None),
        # Fine: positional, keyword, noop, lambda.
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(forwards, reverse_code=backwards),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(forwards, lambda apps, schema_editor: None),
    ]
