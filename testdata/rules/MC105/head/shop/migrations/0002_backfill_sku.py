from django.db import migrations
from django.db.models import Value


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku=None).update(sku="")


def backwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku="").update(sku=Value(None))


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RunPython(forwards, reverse_code=backwards)]
