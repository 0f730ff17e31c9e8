from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.CreateModel("Product", [("id", models.BigAutoField(primary_key=True))]),
    ]
