from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        AddIndexConcurrently("product", models.Index(fields=["code"], name="product_code_idx")),
        RemoveIndexConcurrently("product", "product_old_idx"),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY product_name_idx ON shop_product (name);",
            reverse_sql="DROP INDEX CONCURRENTLY product_name_idx;",
        ),
    ]
