from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_change")]

    operations = [
        migrations.AlterModelTable("item", "catalog_item"),
        # Back to the default name, `shop_vendor`.
        migrations.AlterModelTable(name="vendor", table=None),
        # Fine: the name it has; a table made in this migration; a model without a table.
        migrations.AlterModelTable("label", "brands"),
        migrations.CreateModel("Coupon", [("id", models.BigAutoField(primary_key=True))]),
        migrations.AlterModelTable("coupon", "coupons"),
        migrations.CreateModel(
            "Report",
            [("id", models.BigAutoField(primary_key=True))],
            options={"managed": False},
        ),
    ]
