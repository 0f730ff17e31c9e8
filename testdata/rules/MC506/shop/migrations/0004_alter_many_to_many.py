from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_many_to_many")]

    operations = [
        # Fine: a many-to-many field has no column; its `null=` means nothing.
        migrations.AlterField("bundle", "products", models.ManyToManyField(to="shop.product")),
    ]
