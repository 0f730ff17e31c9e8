from django.db import migrations


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    table = Product._meta.db_table
    for product in Product.objects.all():
        product.label = f"{product.name} ({product.sku})"
        product.save()
    schema_editor.execute(f"UPDATE {table} SET note = '{table}'")
    schema_editor.execute(f"ANALYZE {Product._meta.db_table}")


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_prices")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
