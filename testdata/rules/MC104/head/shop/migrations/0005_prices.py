from decimal import Decimal

from django.db import migrations, models


class PriceHelper:
    def __init__(self, apps):
        super().__init__()
        self.Product = apps.get_model("shop", "Product")

    def label(self, product):
        if product.price is None:
            return None
        if product.price == Decimal(0):
            return f"free: {product.name}"
        return f"{product.name} costs {product.price!r}"


def forwards(apps, schema_editor):
    helper = PriceHelper(apps)
    seen = set()
    for product in helper.Product.objects.all():
        seen.add(helper.label(product))


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_remove_ean")]

    operations = [
        migrations.AddField(
            "product",
            "price",
            models.DecimalField(default=Decimal(0), max_digits=9, decimal_places=2),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
