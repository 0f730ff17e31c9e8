from django.db import migrations

from shop.models.managers import ProductManager
from shop.models import PriceQuerySet
from shop.models.catalog import Brand


def backfill(apps, schema_editor):
    # Fine: a manager and a queryset class from a models module are not models.
    Product = apps.get_model("shop", "Product")
    ProductManager.normalise(Product.objects.all())
    PriceQuerySet.as_manager()
    # Reported: a model from a models submodule.
    Brand.objects.update(active=True)


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_defaults")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
