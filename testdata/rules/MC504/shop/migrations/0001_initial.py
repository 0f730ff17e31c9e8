from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("name", models.CharField(max_length=100, null=True)),
                ("code", models.CharField(max_length=32)),
                ("price", models.IntegerField(null=True)),
                ("notes", models.CharField(max_length=50)),
                ("sku", models.CharField(max_length=20, db_column="legacy_sku")),
            ],
        ),
    ]
