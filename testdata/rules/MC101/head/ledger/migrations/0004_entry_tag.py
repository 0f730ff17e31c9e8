from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_squashed_0002_entry_amount")]

    operations = [migrations.AddField("entry", "tag", models.TextField(default=""))]
