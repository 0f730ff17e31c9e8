from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("stock", "0001_initial"), ("stock", "0002_item_qty")]

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[("id", models.BigAutoField(primary_key=True)), ("qty", models.IntegerField())],
        ),
    ]
