from django.db import migrations, models


class Migration(migrations.Migration):
    # Squashed: it runs only on a new, empty database (one that applied none of these).
    replaces = [
        ("catalog", "0001_initial"),
        ("catalog", "0002_notes"),
        ("catalog", "0003_more"),
        ("catalog", "0004_cleanup"),
    ]
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel("Brand", [("id", models.BigAutoField(primary_key=True))]),
        migrations.AddField("brand", "notes", models.TextField(null=True)),
        migrations.RemoveField("brand", "notes"),
    ]
