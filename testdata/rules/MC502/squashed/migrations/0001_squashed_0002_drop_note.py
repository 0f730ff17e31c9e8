from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("squashed", "0001_initial"), ("squashed", "0002_drop_note")]
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("note", models.TextField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="OrderReport",
            fields=[("id", models.BigAutoField(primary_key=True))],
            options={"managed": False},
        ),
        # Fine: the squash runs only on a new, empty database.
        migrations.RemoveField("order", "note"),
    ]
