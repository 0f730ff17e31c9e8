from django.db import migrations

REBUILD = """
DROP TABLE IF EXISTS shop_search_keys;
CREATE TABLE shop_search_keys (key text, product_id bigint);
DROP INDEX IF EXISTS shop_search_keys_idx;
CREATE INDEX shop_search_keys_idx ON shop_search_keys (key);
"""


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_old_style_unique_together")]

    operations = [
        # Fine: the guard drops nothing but an index of the table this SQL makes.
        migrations.RunSQL(REBUILD, reverse_sql="DROP TABLE shop_search_keys;"),
        # An index dropped by name alone, with no table this migration creates, still is.
        migrations.RunSQL("DROP INDEX shop_product_sku_idx;", reverse_sql=migrations.RunSQL.noop),
    ]
