from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_backfill_prices")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX product_name_trgm ON shop_product USING gin (name gin_trgm_ops);"
        ),
    ]
