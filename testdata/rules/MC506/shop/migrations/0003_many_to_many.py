from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_not_null")]

    operations = [
        migrations.CreateModel(
            "Bundle",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("products", models.ManyToManyField(null=True, to="shop.product")),
            ],
        ),
    ]
