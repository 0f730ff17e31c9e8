from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_sku_ean")]

    operations = [migrations.RemoveField("product", "ean")]
