from django.db import migrations, models
import django.db.models.deletion

import shop.fields


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_nullable_and_blank")]

    operations = [
        # Fine: the project's own many-to-many field makes a join table, not a column.
        migrations.AddField(
            "product",
            "tags",
            shop.fields.SortedTagsField(blank=True, related_name="products", to="shop.tag"),
        ),
        # Reported: a key to another model is a column.
        migrations.AddField(
            "product",
            "brand",
            shop.fields.BrandKey(
                on_delete=django.db.models.deletion.CASCADE, to="shop.brand"
            ),
        ),
    ]
