from django.db import migrations

RESET_FLAGS = "UPDATE shop_product SET flagged = false"


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_backfill")]

    operations = [
        migrations.RunSQL(RESET_FLAGS, reverse_sql=migrations.RunSQL.noop),
    ]
