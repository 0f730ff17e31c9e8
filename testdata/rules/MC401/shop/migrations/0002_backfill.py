from django.contrib.auth.models import User
from django.db import migrations

from shop.models import OrderStatus, Product
import shop.models as shop_models
import mptt.models


def set_prices(apps, schema_editor):
    for product in Product.objects.filter(price=None):
        product.price = 0
        product.save()
    shop_models.Category.objects.update(active=True)
    touch_owners()


def touch_owners():
    User.objects.filter(is_staff=True).update(is_active=True)


def reset_prices(apps, schema_editor):
    from shop.models import Product as LiveProduct

    LiveProduct.objects.update(price=None)


def rebuild_tree(apps, schema_editor):
    # Fine: a helper class from a models module, not a model.
    Product = apps.get_model("shop", "Product")
    Product._tree_meta = mptt.models.MPTTOptions(Product)


def historical(apps, schema_editor):
    # Fine: the historical model, even though the name shadows the import.
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(status=OrderStatus.PAID).update(price=1)


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunPython(set_prices, reset_prices),
        migrations.RunPython(historical, migrations.RunPython.noop),
        migrations.RunPython(rebuild_tree, migrations.RunPython.noop),
    ]
