from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("squashed", "0001_initial"), ("squashed", "0002_note_required")]
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("note", models.TextField(null=True)),
                ("total", models.IntegerField(null=True)),
            ],
        ),
        # Fine: the squash runs only on a new, empty database.
        migrations.AlterField("order", "note", models.TextField()),
    ]
