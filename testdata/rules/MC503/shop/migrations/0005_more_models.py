from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_drop_models_without_tables")]

    operations = [
        migrations.CreateModel("Coupon", [("id", models.BigAutoField(primary_key=True))]),
        migrations.CreateModel(
            "Gift", [("id", models.BigAutoField(primary_key=True))], options={"db_table": "gifts"}
        ),
        migrations.CreateModel("Voucher", [("id", models.BigAutoField(primary_key=True))]),
    ]
