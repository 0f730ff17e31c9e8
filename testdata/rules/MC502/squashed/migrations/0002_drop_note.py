from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("squashed", "0001_initial")]

    # Kept beside the squash that replaces it: a database that has 0001 but not 0002 runs it.
    operations = [
        migrations.RemoveField("order", "note"),
        # Fine: Django runs no SQL for a model with `managed = False`.
        migrations.RemoveField("orderreport", "note"),
    ]
