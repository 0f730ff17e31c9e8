from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_entry_note")]

    operations = [migrations.AddField("entry", "tag", models.TextField(default=""))]
