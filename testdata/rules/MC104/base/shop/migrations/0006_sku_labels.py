from django.db import migrations


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    table = Product._meta.db_table
    for product in Product.objects.all():
        product.label = "{0.name} ({p.sku})".format(product, p=product)
        product.save()
    schema_editor.execute("UPDATE %(table)s SET note = '%(table)s'" % {"table": table})
    schema_editor.execute("ANALYZE {meta.db_table}".format(meta=Product._meta))


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_prices")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
