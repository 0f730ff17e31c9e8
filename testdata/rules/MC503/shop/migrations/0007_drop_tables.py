from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_retire_models")]

    operations = [
        # Fine: the second step, a release after the models left the model state.
        migrations.RunSQL(
            "DROP TABLE IF EXISTS shop_coupon; DROP TABLE gifts;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        # The model state still has `Voucher`.
        migrations.RunSQL("DROP TABLE shop_voucher;", reverse_sql=migrations.RunSQL.noop),
    ]
