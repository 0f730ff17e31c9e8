from django.db import migrations


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku=None).update(sku="")


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_sku_ean")]

    operations = [migrations.RunPython(forwards)]
