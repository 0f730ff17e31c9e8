from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_star")]

    operations = [
        migrations.RunPython(fill_prices, migrations.RunPython.noop),
        migrations.RunPython(helpers.fill_stock, migrations.RunPython.noop),
        migrations.RunPython(later.fill_names, migrations.RunPython.noop),
    ]


# Too late: the class body above has already run, and failed.
def fill_prices(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(price=None).update(price=0)


from shop import helpers as later  # noqa: E402
