from django.db import migrations

REVERSE_SQL = "DROP INDEX IF EXISTS shop_product_sku"


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_backfill_sku")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "CREATE INDEX shop_product_sku ON shop_product (sku)",
                    REVERSE_SQL,
                ),
            ],
        ),
        migrations.RunSQL(
            "UPDATE shop_product SET sku = ''",
            reverse_sql="UPDATE shop_product SET sku = NULL WHERE sku = ''",
        ),
    ]
