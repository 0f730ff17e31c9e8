from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_product_sku")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="weight_grams",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
