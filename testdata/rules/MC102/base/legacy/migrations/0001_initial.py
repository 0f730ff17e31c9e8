# -*- coding: utf-8 -*-
# Written for Python 2: this version does not parse any more.
from django.db import migrations, models


def forwards(apps, schema_editor):
    print "creating the ledger"


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.CreateModel("Ledger", [("id", models.AutoField(primary_key=True))]),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
