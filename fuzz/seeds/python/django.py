from django.db import migrations


def set_default_prices(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(price_cents__lt=0).update(price_cents=0)


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunPython(set_default_prices),
    ]
