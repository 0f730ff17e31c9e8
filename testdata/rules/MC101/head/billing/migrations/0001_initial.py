from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    run_before = [("shop", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Invoice",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
    ]
