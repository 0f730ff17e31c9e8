from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_stop_using")]

    operations = [
        # Fine: the second step, a release after the fields left the model state.
        migrations.RunSQL(
            "ALTER TABLE shop_product DROP COLUMN code; ALTER TABLE shop_product DROP COLUMN owner_id;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL("DROP TABLE shop_product_labels;", reverse_sql=migrations.RunSQL.noop),
        # The model state still has `price`.
        migrations.RunSQL(
            "ALTER TABLE shop_product DROP COLUMN price;", reverse_sql=migrations.RunSQL.noop
        ),
    ]
