from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("ledger", "0001_initial"), ("ledger", "0002_entry_amount")]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            "Entry",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("amount", models.IntegerField(default=0)),
            ],
        ),
    ]
