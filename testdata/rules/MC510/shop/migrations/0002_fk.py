from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_product ADD CONSTRAINT product_maker_fk FOREIGN KEY (maker_id) REFERENCES shop_maker (id);",
            reverse_sql="ALTER TABLE shop_product DROP CONSTRAINT product_maker_fk;",
        ),
    ]
