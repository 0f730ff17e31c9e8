from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddIndex("product", models.Index(fields=["code"], name="product_code_idx")),
        migrations.RemoveIndex("product", "product_old_idx"),
        migrations.AlterUniqueTogether("product", {("code", "name")}),
        migrations.RunSQL(
            "CREATE INDEX product_name_idx ON shop_product (name);",
            reverse_sql="DROP INDEX product_name_idx;",
        ),
        # Fine: concurrently, outside a transaction; or on a table this migration creates.
        AddIndexConcurrently("product", models.Index(fields=["price"], name="product_price_idx")),
        migrations.CreateModel("Tag", [("id", models.BigAutoField(primary_key=True))]),
        migrations.AddIndex("tag", models.Index(fields=["id"], name="tag_id_idx")),
    ]
