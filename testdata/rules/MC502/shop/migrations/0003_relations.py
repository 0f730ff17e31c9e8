import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_change")]

    operations = [
        migrations.CreateModel(
            "Review",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("product", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.product")),
            ],
        ),
    ]
