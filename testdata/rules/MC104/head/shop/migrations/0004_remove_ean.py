from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_backfill")]

    operations = [
        # Nothing reads the EAN since release 3.1.
        migrations.RemoveField("product", "ean"),  # migcheck: ignore[MC502]
    ]
