from django.db import migrations

from shop.models import PriceError, Product
from shop.models.catalog import Category

from ..models import Tag


def make_default(apps, schema_editor):
    Product(name="Default", price=0).save()


def add_categories(apps, schema_editor):
    HistoricalCategory = apps.get_model("shop", "Category")
    HistoricalCategory.objects.bulk_create([Category(name="Misc")])


def count_products(apps, schema_editor):
    Stock = apps.get_model("shop", "Stock")
    return sum(isinstance(row.item, Product) for row in Stock.objects.all())


def find_default(apps, schema_editor):
    HistoricalProduct = apps.get_model("shop", "Product")
    try:
        HistoricalProduct.objects.get(name="Default")
    except Product.DoesNotExist:
        # Fine: an exception class is not a model.
        raise PriceError(reason="no default product")


def tag_all(apps, schema_editor):
    Tag.objects.update(used=True)


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_backfill")]

    operations = [
        migrations.RunPython(make_default, add_categories),
        migrations.RunPython(count_products, find_default),
        migrations.RunPython(tag_all, migrations.RunPython.noop),
        migrations.RunPython(
            lambda apps, schema_editor: Product.objects.update(price=1),
            migrations.RunPython.noop,
        ),
        # Fine: the historical model, inside a lambda.
        migrations.RunPython(
            lambda apps, schema_editor: apps.get_model("shop", "Product").objects.update(price=1),
            migrations.RunPython.noop,
        ),
    ]
