from django.db import migrations


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku=None).update(sku="")


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RunPython(forwards)]
