from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel("Bin", [("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel("Stock", [("id", models.BigAutoField(primary_key=True))]),
    ]
