from django.db import migrations, models


class Migration(migrations.Migration):
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
    ]
