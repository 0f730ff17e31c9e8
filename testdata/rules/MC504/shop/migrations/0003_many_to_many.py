import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_change")]

    operations = [
        migrations.CreateModel("Tag", [("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel(
            "Tagging",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("product", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.product")),
                ("tag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.tag")),
            ],
        ),
        migrations.AddField("product", "tags", models.ManyToManyField(to="shop.tag")),
        migrations.AddField(
            "product", "labels", models.ManyToManyField(to="shop.tag", db_table="shop_labels")
        ),
        migrations.AddField(
            "product", "taggings", models.ManyToManyField(through="shop.Tagging", to="shop.tag")
        ),
    ]
