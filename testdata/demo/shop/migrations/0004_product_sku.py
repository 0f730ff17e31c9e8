from django.db import migrations, models


def fill_skus(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.all():
        product.sku = f"SKU-{product.pk}"
        product.save(update_fields=["sku"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_product_search")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
        migrations.RunPython(fill_skus, migrations.RunPython.noop),
    ]
