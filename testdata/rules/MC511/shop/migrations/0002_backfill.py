from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunSQL(
            [
                "UPDATE shop_product SET code = upper(code);",
                "DELETE FROM shop_product_history;",
                "UPDATE shop_product SET name = '' WHERE name IS NULL;",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
