import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_change")]

    operations = [
        migrations.CreateModel("Tag", [("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel("Supplier", [("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel(
            "Supply",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("product", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.product")),
                ("supplier", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.supplier")),
            ],
        ),
        migrations.CreateModel(
            "Review",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("product", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.product")),
            ],
        ),
        migrations.AddField("product", "tags", models.ManyToManyField(to="shop.tag")),
        migrations.AddField("product", "labels", models.ManyToManyField(to="shop.tag", related_name="+")),
        migrations.AddField(
            "product", "suppliers", models.ManyToManyField(through="shop.Supply", to="shop.supplier")
        ),
        migrations.AddField(
            "product",
            "owner",
            models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="shop.supplier"),
        ),
    ]
