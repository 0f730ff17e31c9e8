from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_remove_unique_together")]

    operations = [
        # Fine: dropping the field's column takes the lock a concurrent drop would spare.
        migrations.RemoveIndex("product", "product_code_idx"),
        migrations.RemoveField("product", "sku"),
        migrations.AlterUniqueTogether("product", {("name", "price")}),
        migrations.AlterUniqueTogether("product", set()),
        migrations.RemoveField("product", "price"),
    ]
