from django.db import migrations


def drop_legacy(apps, schema_editor):
    for table in ["shop_legacy_orders", "shop_legacy_users"]:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
    schema_editor.execute("DROP TABLE shop_archive")


class Migration(migrations.Migration):
    dependencies = [("shop", "0008_recreate_product")]

    operations = [
        migrations.RunPython(drop_legacy, migrations.RunPython.noop),
    ]
