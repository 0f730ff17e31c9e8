from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_backfill")]

    operations = [
        migrations.RemoveField("product", "ean"),
    ]
