from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[("id", models.BigAutoField(primary_key=True)), ("qty", models.IntegerField())],
        ),
    ]
