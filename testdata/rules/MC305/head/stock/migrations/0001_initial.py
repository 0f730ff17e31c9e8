from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.CreateModel("Item", [("id", models.BigAutoField(primary_key=True))]),
    ]
