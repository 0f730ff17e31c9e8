from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_remove_code")]

    operations = [
        # As old `makemigrations` wrote it: a unique index built without CONCURRENTLY.
        migrations.AlterUniqueTogether(name="product", unique_together=set([("name", "sku")])),
    ]
